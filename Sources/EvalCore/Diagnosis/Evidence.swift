/// One number (or list, or name) behind a verdict or an advice code.
public enum EvidenceValue: Sendable, Equatable {
    case int(Int)
    /// nil where the value is undefined (JSON null).
    case number(Double?)
    case text(String)
    case numbers([Double?])
    case texts([String])
}

/// The numbers behind a finding, in a fixed order (the JSON keeps it).
public struct Evidence: Sendable, Equatable {
    public private(set) var items: [(key: String, value: EvidenceValue)] = []

    public init(_ items: [(String, EvidenceValue)] = []) {
        self.items = items.map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: String) -> EvidenceValue? {
        items.first { $0.key == key }?.value
    }

    public mutating func append(_ key: String, _ value: EvidenceValue) {
        items.append((key: key, value: value))
    }

    /// The value of `key` as a number (ints included), for tests and the UI.
    public func number(_ key: String) -> Double? {
        switch self[key] {
        case .int(let value)?: return Double(value)
        case .number(let value)?: return value
        default: return nil
        }
    }

    public static func == (a: Evidence, b: Evidence) -> Bool {
        a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
