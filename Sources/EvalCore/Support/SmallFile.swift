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

extension SmallFile {
    /// Why `path` cannot be written, in words, found by looking at the path and its folder
    /// (Foundation's write errors say "NSCocoaErrorDomain error 512"); nil when nothing is
    /// visibly wrong.
    public static func writeProblem(path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "is a directory; give the path of a file to write"
        }
        let folder = (path as NSString).deletingLastPathComponent
        let parent = folder.isEmpty ? "." : folder
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            return "the folder \(parent) does not exist"
        }
        guard isDirectory.boolValue else { return "\(parent) is not a folder" }
        if access(parent, W_OK) != 0 { return "permission denied: cannot create files in \(parent)" }
        if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 { return "permission denied" }
        return nil
    }
}
