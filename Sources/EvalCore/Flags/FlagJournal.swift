import Foundation

/// Something in the journal that was skipped or looks wrong; never fatal.
public struct FlagJournalWarning: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    /// 1-based line in the journal, when the warning is about one line.
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

/// Events read from the journal, in file order, with what was skipped.
public struct FlagJournalRead: Sendable {
    public var events: [FlagEvent] = []
    public var warnings: [FlagJournalWarning] = []
}

/// The append-only flags journal (JSON Lines) of one evaluation.
///
/// Durability: each event is one `write(2)` to a descriptor opened with `O_APPEND`, under an
/// exclusive `flock`, followed by `fsync`; `append` returns only after `fsync` succeeded, so a
/// flag the caller shows as saved survives `kill -9` and a dropped connection. Several processes
/// may append to the same journal: the lock keeps lines whole, and `refresh()` picks up the
/// others' events. Readers take a shared lock, so they never see a line half-written by a live
/// process; a line without its newline is therefore a crash's torn write.
public final class FlagJournal: @unchecked Sendable {  // mutable state is guarded by `lock`
    public let location: FlagJournalLocation
    public var path: String { location.path }

    private let lock = NSLock()
    /// Bytes of the file already turned into events (or warnings).
    private var readOffset = 0
    /// Newlines before `readOffset`, for warnings' line numbers.
    private var linesBeforeOffset = 0
    /// Where this instance's own appended lines start, so that a refresh returns only the
    /// events other processes wrote (ours are already in the caller's state).
    private var ownLineStarts = Set<Int>()

    public init(location: FlagJournalLocation) {
        self.location = location
    }

    public convenience init(path: String) {
        self.init(location: FlagJournalLocation(path: path, reason: .explicit))
    }

    /// Reads the whole journal from the start (the replay on open). A missing file is an empty
    /// journal. A torn last line is skipped with a warning; a corrupt line elsewhere is skipped
    /// with a warning naming its line.
    public func readAll() throws -> FlagJournalRead {
        lock.lock()
        defer { lock.unlock() }
        readOffset = 0
        linesBeforeOffset = 0
        return try readNewEvents(consumeTornLine: true, skipOwn: false)
    }

    /// Reads the events other writers appended since the last read (this instance's own
    /// appends are skipped: the caller applied them when they were saved). A last line without
    /// its newline is left for the next refresh.
    public func refresh() throws -> FlagJournalRead {
        lock.lock()
        defer { lock.unlock() }
        return try readNewEvents(consumeTornLine: false, skipOwn: true)
    }

    /// Appends one event and returns once it is on disk. Throws `FlagJournalError` (disk full,
    /// permission denied, I/O error…) when it is not; the caller must then not show the change
    /// as saved. A failed write leaves no partial line behind when the file can be truncated.
    public func append(_ event: FlagEvent) throws {
        lock.lock()
        defer { lock.unlock() }
        let existed = access(path, F_OK) == 0
        // Read access is only for checking the last byte; a write-only file still works.
        var descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == EACCES {
            descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw FlagJournalError.io(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        try retryingInterrupts(operation: "lock") { flock(descriptor, LOCK_EX) }
        defer { flock(descriptor, LOCK_UN) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FlagJournalError.io(path: path, operation: "stat", code: errno) }
        let sizeBefore = Int(info.st_size)
        var line = Array(event.jsonLine.utf8)
        var lineStart = sizeBefore
        // After a crash mid-write the file may end in a torn line; start on a fresh line so
        // that this event is not glued to the fragment.
        if sizeBefore > 0 && (info.st_mode & S_IFMT) == S_IFREG {
            var last: UInt8 = 0
            if pread(descriptor, &last, 1, off_t(sizeBefore - 1)) == 1, last != UInt8(ascii: "\n") {
                line.insert(UInt8(ascii: "\n"), at: 0)
                lineStart += 1
            }
        }
        var written = -1
        repeat {
            written = line.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        } while written < 0 && errno == EINTR
        if written != line.count {
            let code = errno
            _ = ftruncate(descriptor, off_t(sizeBefore))  // remove a partial line, if any
            if written < 0 { throw FlagJournalError.io(path: path, operation: "write", code: code) }
            throw FlagJournalError.shortWrite(path: path, written: written, expected: line.count)
        }
        if fsync(descriptor) != 0 {
            let code = errno
            // Not known to be durable: take it back so that the journal matches what the
            // caller will show (not saved).
            _ = ftruncate(descriptor, off_t(sizeBefore))
            throw FlagJournalError.io(path: path, operation: "sync", code: code)
        }
        if !existed { syncFolder() }
        ownLineStarts.insert(lineStart)
    }

    /// Makes a newly created journal's directory entry durable too.
    private func syncFolder() {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private func retryingInterrupts(operation: String, _ call: () -> Int32) throws {
        while call() != 0 {
            if errno == EINTR { continue }
            throw FlagJournalError.io(path: path, operation: operation, code: errno)
        }
    }

    private func readNewEvents(consumeTornLine: Bool, skipOwn: Bool) throws -> FlagJournalRead {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return FlagJournalRead() }
            throw FlagJournalError.io(path: path, operation: "open", code: errno)
        }
        defer { close(descriptor) }
        try retryingInterrupts(operation: "lock") { flock(descriptor, LOCK_SH) }
        defer { flock(descriptor, LOCK_UN) }
        // A device such as /dev/full or /dev/zero reads forever; only a regular file holds events.
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FlagJournalError.io(path: path, operation: "stat", code: errno) }
        // A folder given as the journal is a mistake to report, not an empty journal.
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FlagJournalError.io(path: path, operation: "read", code: EISDIR) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return FlagJournalRead() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset = readOffset
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FlagJournalError.io(path: path, operation: "read", code: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0 ..< count])
            offset += count
        }
        // A full replay returns every event, ours included; a refresh skips ours.
        let parsed = FlagJournalParser.parse(
            bytes, path: path, firstLine: linesBeforeOffset + 1, consumeTornLine: consumeTornLine,
            baseOffset: readOffset, skipping: skipOwn ? ownLineStarts : [])
        readOffset += parsed.consumedBytes
        linesBeforeOffset += parsed.consumedLines
        ownLineStarts = ownLineStarts.filter { $0 >= readOffset }
        return parsed.read
    }
}

private struct FlagJournalCorruptLine: Error {}

/// Turns journal bytes into events. Pure, so that torn and corrupt lines are easy to test.
enum FlagJournalParser {
    struct Result {
        var read = FlagJournalRead()
        var consumedBytes = 0
        var consumedLines = 0
    }

    /// `baseOffset` is where `bytes` start in the file; lines starting at an offset in
    /// `skipping` (this process's own events) are consumed but not returned.
    static func parse(_ bytes: [UInt8], path: String, firstLine: Int, consumeTornLine: Bool,
                      baseOffset: Int = 0, skipping own: Set<Int> = []) -> Result {
        var result = Result()
        let decoder = JSONDecoder()
        var lineStart = 0
        var lineNumber = firstLine
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        while lineStart < bytes.count {
            // A line ends in LF, CRLF or a lone CR (a journal edited or copied on another system;
            // JSON strings cannot hold a raw CR or LF, so either ends an event). A CR as the last
            // byte read may be the first half of a CRLF still arriving: only a full read takes it.
            var newline = bytes[lineStart...].firstIndex { $0 == lf || $0 == cr }
            var terminatorLength = 1
            if let end = newline, bytes[end] == cr {
                if end + 1 < bytes.count {
                    if bytes[end + 1] == lf { terminatorLength = 2 }
                } else if !consumeTornLine {
                    newline = nil
                }
            }
            guard let newline else {
                // No newline: a torn write (or, when refreshing, possibly one still arriving).
                if consumeTornLine {
                    result.read.warnings.append(FlagJournalWarning(
                        path: path, line: lineNumber,
                        message: "incomplete last line (an interrupted write?) skipped"))
                    result.consumedBytes = bytes.count
                }
                return result
            }
            let line = bytes[lineStart ..< newline]
            if own.contains(baseOffset + lineStart) {
                // Our own event: already applied by the caller.
            } else if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == cr || $0 == UInt8(ascii: "\t") }) {
                do {
                    // The line must be strict JSON first: JSONDecoder skips the bytes of keys it
                    // does not read unchecked (invalid UTF-8, raw control characters), and picks
                    // one of two duplicate keys, so a corrupt line could replay as an event.
                    guard line.withUnsafeBytes(JSONParser.isObjectWithUniqueKeys) else { throw FlagJournalCorruptLine() }
                    let event = try decoder.decode(FlagEvent.self, from: Data(line))
                    if event.v == 1 {
                        result.read.events.append(event)
                    } else {
                        result.read.warnings.append(FlagJournalWarning(
                            path: path, line: lineNumber, message: "event of unknown version \(event.v) skipped"))
                    }
                } catch {
                    result.read.warnings.append(FlagJournalWarning(
                        path: path, line: lineNumber, message: "not a valid flag event, skipped"))
                }
            }
            lineStart = newline + terminatorLength
            lineNumber += 1
            result.consumedBytes = lineStart
            result.consumedLines += 1
        }
        return result
    }
}
