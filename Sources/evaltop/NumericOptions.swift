import ArgumentParser
import EvalCore

/// Numeric options, read as text and checked here so that every wrong value gets a message in
/// words ("--threshold must be a number from 0 to 1, not '2'") rather than the parser's
/// generic one, and so that only plain decimals pass (`Double("0x1p-1")` reads a hex float).
enum NumericOption {
    /// A threshold: a plain decimal from 0 to 1.
    static func threshold(_ text: String, option: String = "--threshold") throws -> Double {
        guard let value = DecimalText.parse(text) else {
            throw ValidationError("\(option) must be a decimal number from 0 to 1 (such as 0.5), not '\(TerminalSafe.escape(text))'")
        }
        guard (0 ... 1).contains(value) else {
            throw ValidationError("\(option) must be from 0 to 1 (a score is positive when it is ≥ the threshold), not \(TerminalSafe.escape(text))")
        }
        return value
    }

    /// A count: a whole number, 0 or more.
    static func count(_ text: String, option: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed), trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else {
            throw ValidationError("\(option) must be a whole number, 0 or more, not '\(TerminalSafe.escape(text))'")
        }
        guard value >= 0 else { throw ValidationError("\(option) must be 0 or more, not \(value)") }
        return value
    }

    /// Options whose value may be a negative number. ArgumentParser reads "-1" after them as
    /// an option of its own ("Missing value for '--threshold'"); `--threshold=-1` it reads as
    /// a value, which then gets the real reason it is wrong.
    static let valued: Set<String> = ["--threshold", "--limit", "--strategy"]

    /// The arguments with `--threshold -1` joined into `--threshold=-1`.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { result += arguments[index...]; break }
            if valued.contains(argument), index + 1 < arguments.count, looksNegative(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    private static func looksNegative(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.count > 1 else { return false }
        let next = text[text.index(after: text.startIndex)]
        return next.isNumber || next == "."
    }
}

import Foundation
