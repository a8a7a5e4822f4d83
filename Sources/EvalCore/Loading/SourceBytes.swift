#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMappedFileGuard
import Foundation

/// The bytes of an evaluation file, memory-mapped read-only (or borrowed from an array).
///
/// Mapping instead of reading keeps a 150 MB file out of the process's anonymous memory; the
/// parsers hand pages they are done with back to the kernel (`releasePages`), so peak RSS stays
/// close to the size of the parsed result rather than file + result.
final class SourceBytes: @unchecked Sendable {
    let path: String
    let base: UnsafePointer<UInt8>
    let count: Int
    private let mappedLength: Int
    private let ownedCopy: UnsafeMutablePointer<UInt8>?
    /// The mapped file, kept open for `forEachBlock`'s reads; -1 for bytes held in memory.
    private let descriptor: Int32
    /// The mapping's slot in the SIGBUS guard (`mapped_file_guard_watch`); -1 when unguarded.
    private let guardSlot: Int32

    /// Opens and maps `path`, turning every failure into a LoadError a user understands.
    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            let code = errno
            throw LoadError(path: path, message: SourceBytes.openFailureMessage(code))
        }
        var keepsDescriptor = false
        defer { if !keepsDescriptor { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw LoadError(path: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw LoadError(path: path, message: "is a directory; give the path of an evaluation file (.csv, .tsv, .jsonl or .json)")
        }
        let size = Int(status.st_size)
        if (status.st_mode & S_IFMT) != S_IFREG {
            // Pipes and devices cannot be mapped: read them through.
            let bytes = try SourceBytes.readAll(descriptor: descriptor, path: path)
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: bytes.count) }
            ownedCopy = copy
            base = UnsafePointer(copy)
            count = bytes.count
            mappedLength = 0
            self.descriptor = -1
            guardSlot = -1
            return
        }
        if size == 0 {
            ownedCopy = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            base = UnsafePointer(ownedCopy!)
            count = 0
            mappedLength = 0
            self.descriptor = -1
            guardSlot = -1
            return
        }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
            throw LoadError(path: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        // Read errors on a mapped file would arrive as SIGBUS; touching one byte now at least
        // reports an unreadable file (EIO) before parsing starts, via read(2).
        var probe: UInt8 = 0
        if pread(descriptor, &probe, 1, 0) < 0 {
            let code = errno
            munmap(mapping, size)
            throw LoadError(path: path, message: "cannot read the file: \(String(cString: strerror(code)))")
        }
        madvise(mapping, size, MADV_SEQUENTIAL)
        base = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
        count = size
        mappedLength = size
        ownedCopy = nil
        guardSlot = mapped_file_guard_watch(mapping, size)
        self.descriptor = descriptor
        keepsDescriptor = true
    }

    /// Borrows a copy of `bytes` (for `load(bytes:)` and tests).
    init(bytes: [UInt8], name: String) {
        path = name
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { if let source = $0.baseAddress { copy.initialize(from: source, count: bytes.count) } }
        ownedCopy = copy
        base = UnsafePointer(copy)
        count = bytes.count
        mappedLength = 0
        descriptor = -1
        guardSlot = -1
    }

    deinit {
        mapped_file_guard_forget(guardSlot)
        if mappedLength > 0 { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }
        if descriptor >= 0 { close(descriptor) }
        ownedCopy?.deallocate()
    }

    /// The bytes of `range` handed to `body` in order, at most `blockSize` at a time, until
    /// `body` returns false. A mapped file's blocks are read with pread(2) into one buffer, so
    /// the mapping's pages are not touched: a pass that only looks at the bytes once (the line
    /// count) then costs a copy from the page cache instead of mapping every page and handing it
    /// back, 20–40 ms less CPU on 421 MB (BENCHMARKS.md "Tenth pass"). A failed read hands the
    /// rest over from the mapping, as before. Bytes held in memory are handed over in place.
    func forEachBlock(of range: Range<Int>, blockSize: Int = 64 << 10, _ body: (UnsafeRawBufferPointer) -> Bool) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && blockSize > 0)
        var position = range.lowerBound
        if descriptor >= 0 {
            // Under glibc's mmap threshold (128 kB), so each call reuses the heap's memory
            // instead of faulting in a fresh mapping.
            let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
            defer { block.deallocate() }
            while position < range.upperBound {
                let wanted = min(blockSize, range.upperBound - position)
                let got = pread(descriptor, block, wanted, off_t(position))
                guard got == wanted else { break }  // an error or a shorter file: the mapping decides
                position += wanted
                guard body(UnsafeRawBufferPointer(start: block, count: wanted)) else { return }
            }
        }
        while position < range.upperBound {
            let length = min(blockSize, range.upperBound - position)
            guard body(UnsafeRawBufferPointer(start: base + position, count: length)) else { return }
            position += length
        }
    }

    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Tells the kernel we no longer need the mapped pages wholly inside `range`; they are
    /// re-read from the page cache if an error message needs them again.
    func releasePages(_ range: Range<Int>) {
        guard mappedLength > 0 else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound + pageSize - 1) / pageSize * pageSize
        let end = range.upperBound / pageSize * pageSize
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// True once a read of the mapping met a page past the file's end (the file was cut short
    /// after it was opened) and was answered with zeros instead of SIGBUS.
    var wasCutShort: Bool { mapped_file_guard_cut_short(guardSlot) != 0 }

    static let cutShortMessage = "the file was cut short while it was being read (written again?); open it again once it is written"

    /// `body`'s result, unless the file was cut short meanwhile: then an error that says so in
    /// place of the result or of `body`'s own error (which would be about the zeros read).
    func whileIntact<T>(_ body: () throws -> T) throws -> T {
        let result: T
        do {
            result = try body()
        } catch {
            if wasCutShort { throw LoadError(path: path, message: Self.cutShortMessage) }
            throw error
        }
        if wasCutShort { throw LoadError(path: path, message: Self.cutShortMessage) }
        return result
    }

    static func openFailureMessage(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied; the file cannot be read"
        default: return "cannot open the file: \(String(cString: strerror(code)))"
        }
    }

    static func readAll(descriptor: Int32, path: String) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw LoadError(path: path, message: "cannot read the file: \(String(cString: strerror(errno)))")
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0 ..< got])
        }
    }
}
