/// The header record of a CSV or TSV file: delimiter, column names and where data begins.
struct CSVHeader {
    let delimiter: UInt8
    let names: [String]
    /// Byte offset of each name, for error locations.
    let offsets: [Int]
    /// Offset of the first byte after the header record.
    let dataStart: Int

    /// Reads the header after an optional BOM. Tabs are the delimiter for `.tsv` files and when
    /// the first line has more tabs than commas.
    static func read(_ source: UnsafeRawBufferPointer, path: String) throws(ParseFailure) -> CSVHeader {
        let start = source.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let delimiter = detectDelimiter(source, start: start, path: path)
        let reader = CSVRecordReader(source: source, delimiter: delimiter, start: start)
        var fields: [CSVField] = []
        guard try reader.next(into: &fields) != nil else {
            throw ParseFailure(offset: 0, "the file is empty; expected a header line such as input_id,labels,CONCEPT…")
        }
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (column, field) in fields.enumerated() {
            let name = try UTF8Text.string(field.bytes, fieldOffset: field.offset, what: "the header").trimmingSpaces
            if let first = seen[name] {
                throw ParseFailure(offset: field.offset,
                                   "duplicate column name '\(name.quotedForMessage)' (columns \(first + 1) and \(column + 1)); column names must be unique")
            }
            seen[name] = column
            names.append(name)
        }
        return CSVHeader(delimiter: delimiter, names: names, offsets: fields.map(\.offset), dataStart: reader.position)
    }

    static func detectDelimiter(_ source: UnsafeRawBufferPointer, start: Int, path: String) -> UInt8 {
        if path.lowercased().hasSuffix(".tsv") { return 0x09 }
        var tabs = 0
        var commas = 0
        var index = start
        while index < source.count, source[index] != 0x0A {
            if source[index] == 0x09 { tabs += 1 } else if source[index] == UInt8(ascii: ",") { commas += 1 }
            index += 1
        }
        return tabs > commas ? 0x09 : UInt8(ascii: ",")
    }
}

/// What each header column means. Reserved names match case-insensitively (`Input_ID`, `URL`),
/// because people type headers by hand; concept names match exactly, because `Cat` and `cat`
/// can be different concepts.
struct CSVColumnRoles {
    var id: Int?
    var labels: Int?
    var url: Int?
    var text: Int?
    var width: Int?
    var height: Int?
    var fold: Int?
    var concept: Int?
    var score: Int?
    /// `meta:NAME` columns: column index and NAME.
    var meta: [(column: Int, name: String)] = []
    /// Every other column, in header order.
    var others: [Int] = []

    static let idAliases: Set<String> = ["input_id", "id", "input"]
    static let labelAliases: Set<String> = ["labels", "label", "ground_truth"]
    static let urlAliases: Set<String> = ["url", "path"]

    /// Classifies the columns; `long` also recognises `concept` and `score`.
    static func classify(_ header: CSVHeader, long: Bool) throws(ParseFailure) -> CSVColumnRoles {
        var roles = CSVColumnRoles()
        func assign(_ slot: inout Int?, _ column: Int, _ role: String) throws(ParseFailure) {
            if let existing = slot {
                throw ParseFailure(offset: header.offsets[column],
                                   "columns '\(header.names[existing].quotedForMessage)' (column \(existing + 1)) and '\(header.names[column].quotedForMessage)' (column \(column + 1)) both give the \(role); keep one")
            }
            slot = column
        }
        for (column, name) in header.names.enumerated() {
            let key = name.lowercased()
            if idAliases.contains(key) { try assign(&roles.id, column, "input id") }
            else if labelAliases.contains(key) { try assign(&roles.labels, column, "labels") }
            else if urlAliases.contains(key) { try assign(&roles.url, column, "url") }
            else if key == "text" { try assign(&roles.text, column, "text") }
            else if key == "width" { try assign(&roles.width, column, "width") }
            else if key == "height" { try assign(&roles.height, column, "height") }
            else if key == "fold" { try assign(&roles.fold, column, "fold") }
            else if long, key == "concept" { try assign(&roles.concept, column, "concept") }
            else if long, key == "score" { try assign(&roles.score, column, "score") }
            else if key.hasPrefix("meta:") {
                let attribute = String(name.dropFirst(5)).trimmingSpaces
                if attribute.isEmpty {
                    throw ParseFailure(offset: header.offsets[column], "column '\(name.quotedForMessage)' needs a name after 'meta:'")
                }
                roles.meta.append((column, attribute))
            } else {
                if name.isEmpty {
                    throw ParseFailure(offset: header.offsets[column], "column \(column + 1) has an empty name; every column needs a name")
                }
                roles.others.append(column)
            }
        }
        return roles
    }

    /// True when the header is the long format's (`concept` and `score` columns).
    static func looksLong(_ names: [String]) -> Bool {
        let keys = Set(names.map { $0.lowercased() })
        return keys.contains("concept") && keys.contains("score")
    }
}
