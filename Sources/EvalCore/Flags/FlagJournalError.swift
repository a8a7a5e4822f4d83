import Foundation

/// Why the journal could not be read or written, worded for the status bar and stderr.
public enum FlagJournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed; `code` is its errno.
    case io(path: String, operation: String, code: Int32)
    /// A write stored fewer bytes than the line (and the partial line was removed).
    case shortWrite(path: String, written: Int, expected: Int)

    public var description: String {
        switch self {
        case let .io(path, operation, code):
            return "cannot \(operation) flags journal \(path): \(FlagJournalError.explain(code))"
        case let .shortWrite(path, written, expected):
            return "flags journal \(path): only \(written) of \(expected) bytes were written; the flag was not saved"
        }
    }

    /// errno in words a user can act on.
    static func explain(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "disk full (ENOSPC)"
        case EDQUOT: return "disk quota exceeded (EDQUOT)"
        case EACCES, EPERM: return "permission denied (\(code == EACCES ? "EACCES" : "EPERM"))"
        case EROFS: return "read-only file system (EROFS)"
        case EIO: return "input/output error (EIO)"
        case ENOENT: return "no such file or directory (ENOENT)"
        case ENOTDIR: return "a component of the path is not a directory (ENOTDIR)"
        case EISDIR: return "is a directory (EISDIR)"
        default: return String(cString: strerror(code)) + " (errno \(code))"
        }
    }
}
