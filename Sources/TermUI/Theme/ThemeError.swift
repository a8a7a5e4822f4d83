/// A theme that can't be used, with where and why.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file path, or the embedded theme's name.
    public let file: String
    /// 1-based line of the offending text, when known.
    public let line: Int?
    public let column: Int?
    public let reason: String

    public init(file: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: reason`, the form editors and terminals make clickable.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(reason)"
    }
}
