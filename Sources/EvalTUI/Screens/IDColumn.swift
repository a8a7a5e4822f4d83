import TermUI

/// The width of an "Input" column: the ids on screen whole whenever they fit beside the
/// other columns' minimum (`fixed` cells), never less than 12; longer ids are shortened in the
/// middle by the table (`TableColumn.cutInMiddle`), so `digits_noisy_1364` stays tellable.
enum IDColumn {
    static func width(ids: some Sequence<String>, fixed: Int, total: Int) -> Int {
        let need = max(5, ids.reduce(0) { max($0, CellWidth.of($1)) })
        return max(min(12, need), min(need, total - fixed))
    }
}
