import Foundation

/// Reading local image files with the errors the pane shows.
enum LocalFile {
    /// The whole file. `displayName` is what the message shows (the reference as written).
    static func read(path: String, displayName: String, limit: Int = 256 << 20) throws(ImageError) -> [UInt8] {
        let fd = try open(path: path, displayName: displayName)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ImageError.unreadable(displayName, reason: errnoText()) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw ImageError.unreadable(displayName, reason: "a folder") }
        guard Int(st.st_size) <= limit else { throw ImageError.unreadable(displayName, reason: "file over \(limit >> 20) MB") }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw ImageError.unreadable(displayName, reason: errnoText()) }
            if n == 0 { break }
            filled += n
        }
        return filled == bytes.count ? bytes : Array(bytes.prefix(filled))
    }

    fileprivate static func open(path: String, displayName: String) throws(ImageError) -> Int32 {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw ImageError.notFound(displayName) }
            throw ImageError.unreadable(displayName, reason: errnoText())
        }
        return fd
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    /// An open file read at offsets (the header parser's seeks), closed when released.
    final class Reader {
        private let fd: Int32

        init(path: String, displayName: String) throws(ImageError) {
            fd = try LocalFile.open(path: path, displayName: displayName)
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                Foundation.close(fd)
                throw ImageError.unreadable(displayName, reason: "a folder")
            }
        }

        deinit { Foundation.close(fd) }

        func read(offset: Int, count: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(offset)) }
            return n > 0 ? Array(bytes.prefix(n)) : []
        }
    }
}
