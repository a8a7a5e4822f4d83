import Foundation

/// How much memory a load may ask for, checked before the allocation that would exceed it.
///
/// Most of what evaltop holds grows with the file: a wide CSV's or a JSON Lines file's scores
/// are written out one by one. Two things can grow faster than the file, and are budgeted here:
/// - the score matrix, 8 bytes per input and concept, where a format leaves scores out (a
///   Clarifai entry omits the concepts that scored 0). It must fit in `scoreLimit`: `EVALTOP_MEMORY_LIMIT`
///   when set (bytes, or with a K, M or G suffix), else half the memory available
///   (`MemAvailable`; the physical memory where that is unknown), or `LoadOptions.memoryLimit`.
///   An evaluation beyond it could not be analysed here anyway (the metrics need about as
///   much again);
/// - the per-input attribute codes of JSON Lines `meta` objects, 4 bytes per input and
///   attribute name, where each line may bring new names: at most `attributeBytes(fileSize:)`,
///   8 bytes per byte of the file plus 64 MB (real files stay far below: each attribute value
///   takes several bytes of text).
/// (The long CSV, whose grid could also outgrow a broken file, checks its row count against
/// inputs × concepts first.) README's "Formats" section states the same.
enum MemoryBudget {
    /// The environment variable that sets the score matrix's limit.
    static let variable = "EVALTOP_MEMORY_LIMIT"

    /// The most the attribute codes may take for a file of `fileSize` bytes.
    static func attributeBytes(fileSize: Int) -> Int {
        let (scaled, overflow) = fileSize.multipliedReportingOverflow(by: 8)
        return overflow ? Int.max : scaled + (64 << 20)
    }

    /// `a × b × c`, or nil when it does not fit in an Int (then it certainly exceeds a budget).
    static func product(_ a: Int, _ b: Int, _ c: Int) -> Int? {
        let (ab, o1) = a.multipliedReportingOverflow(by: b)
        let (abc, o2) = ab.multipliedReportingOverflow(by: c)
        return o1 || o2 ? nil : abc
    }

    /// `1500000000` → "1.4 GB"; for messages.
    static func describe(_ bytes: Int?) -> String {
        guard let bytes else { return "more than 9 EB" }
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }

    /// The score matrix's limit for a load, and where it comes from (for messages): "3.8 GB,
    /// half the memory available; …", "8.0 MB, set by EVALTOP_MEMORY_LIMIT", or the caller's.
    static func scoreLimit(_ options: LoadOptions) -> (bytes: Int, why: String) {
        if let bytes = options.memoryLimit { return (bytes, "\(describe(bytes)), the limit given") }
        if let text = ProcessInfo.processInfo.environment[variable], let bytes = parse(text) {
            return (bytes, "\(describe(bytes)), set by \(variable)")
        }
        let bytes = available() / 2
        return (bytes, "\(describe(bytes)), half the memory available; \(variable) sets another limit")
    }

    /// `"512M"`, `"2G"`, `"1048576"` → bytes; nil for anything else.
    static func parse(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        var scale = 1
        if let last = digits.last?.uppercased(), let shift = ["K": 10, "M": 20, "G": 30, "T": 40][last] {
            scale = 1 << shift
            digits.removeLast()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains($0) }),
              let value = Int(digits) else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? Int.max : bytes
    }

    /// `MemAvailable` from /proc/meminfo (memory the kernel can hand out without swapping), or
    /// the physical memory.
    static func available() -> Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kilobytes * 1024
        }
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }
}
