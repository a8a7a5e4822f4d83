import Foundation

/// Reads a small file (thresholds, key scripts) whole, with errors that say what is wrong with
/// which path in words ("is a directory", "no such file", "permission denied"), never a
/// Foundation error code.
public enum SmallFile {
    /// The bytes of `path`; `what` names the file in messages ("the thresholds file").
    public static func read(path: String, what: String) throws(LoadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            throw LoadError(path: path, message: SourceBytes.openFailureMessage(errno) + " (reading \(what))")
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw LoadError(path: path, message: "is a directory; give the path of \(what)")
        }
        do {
            return try SourceBytes.readAll(descriptor: descriptor, path: path)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: path, message: "cannot read \(what)")
        }
    }
}
