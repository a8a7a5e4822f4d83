import Foundation

/// A problem with an evaluation file, located as precisely as we can, worded so that a user
/// can fix the file. `description` is what the command line prints (after "error: ").
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    /// 1-based line, when the problem is at a line.
    public let line: Int?
    /// 1-based column (in characters of that line), when it helps.
    public let column: Int?
    public let message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
