import Foundation

/// One line of a JSON Lines evaluation, parsed and checked.
struct JSONLinesRecord {
    let id: String
    /// Dense over the concepts of the first line, in its order; -0 read as 0.
    let scores: [Double]
    /// Concept indices, as written (the builders drop repeats).
    let labels: [Int32]
    let metadata: InputMetadata
}

/// Parses and checks JSON Lines one line at a time, for the loader (`JSONLinesLoader`) and for
/// `evaltop summarize`, which streams a file into a summary without holding its inputs
/// (`JSONLinesSummarizer`): both read every line through this one parser, so both accept and
/// refuse exactly the same files with the same messages.
/// The concepts are the keys of the first line's `scores`, in order; every line must score
/// exactly that set (in any order).
struct JSONLinesRowParser {
    private var conceptTable = ByteNameTable()
    private var conceptNames: [String] = []
    private var firstLine = 0

    /// The concepts, once a line has been parsed.
    var concepts: [Concept] { conceptNames.map { Concept(id: $0, name: $0) } }

    /// Calls `body(start, contentEnd, lineEnd, lineNumber)` for each line of `bytes` (after a
    /// UTF-8 byte-order mark; `contentEnd` before a CR, `lineEnd` at the LF or the end).
    static func forEachLine(of bytes: UnsafeRawBufferPointer,
                            _ body: (_ start: Int, _ contentEnd: Int, _ lineEnd: Int, _ line: Int) throws -> Void) throws {
        guard let base = bytes.baseAddress else { return }
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        while position < bytes.count {
            lineNumber += 1
            let lineBreak = memchr(base + position, 0x0A, bytes.count - position)
            let lineEnd = lineBreak.map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
            var contentEnd = lineEnd
            if contentEnd > position, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            try body(position, contentEnd, lineEnd, lineNumber)
            position = lineEnd + 1
        }
    }

    /// The record on bytes `start ..< end` (line `line`), or nil for a blank line.
    mutating func parse(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int, line: Int) throws(ParseFailure) -> JSONLinesRecord? {
        if (start ..< end).allSatisfy({ bytes[$0] == 0x20 || bytes[$0] == 0x09 }) { return nil }
        var parser = JSONParser(bytes: bytes, start: start, end: end)
        let value = try parser.parseDocument()
        guard case .object = value else {
            throw ParseFailure(line: line, "each line must be a JSON object, but this one is \(value.kindName)")
        }
        let id = try inputID(value, line: line)

        guard let scoresValue = value.member("scores") else {
            throw ParseFailure(line: line, "input '\(id.quotedForMessage)' has no \"scores\" object; give each concept's score, e.g. \"scores\":{\"dog\":0.9}")
        }
        guard case .object(let scores, _, _) = scoresValue else {
            throw ParseFailure(line: line, "\"scores\" must be an object of concept: score, but it is \(scoresValue.kindName)")
        }
        if conceptNames.isEmpty {
            guard !scores.isEmpty else { throw ParseFailure(line: line, "\"scores\" is empty; it must give a score for every concept") }
            firstLine = line
            for (name, _) in scores {
                if conceptTable.insert(name).inserted { conceptNames.append(name) }
                else { throw ParseFailure(line: line, "concept '\(name.quotedForMessage)' appears twice in \"scores\"") }
            }
        }
        var rowScores = [Double](repeating: 0, count: conceptNames.count)
        var seen = [Bool](repeating: false, count: conceptNames.count)
        for (name, scoreValue) in scores {
            let concept = conceptTable.index(of: name)
            guard concept >= 0 else {
                throw ParseFailure(line: line, "\"scores\" has concept '\(name.quotedForMessage)', which line \(firstLine) does not have; every line must score the same concepts (\(LoadMessages.knownConcepts(conceptNames)))")
            }
            if seen[Int(concept)] { throw ParseFailure(line: line, "concept '\(name.quotedForMessage)' appears twice in \"scores\"") }
            seen[Int(concept)] = true
            guard case .number(let score) = scoreValue else {
                throw ParseFailure(line: line, "the score of '\(name.quotedForMessage)' is \(scoreValue.kindName); scores must be numbers in [0, 1]")
            }
            guard score >= 0, score <= 1 else {
                throw ParseFailure(line: line, "the score of '\(name.quotedForMessage)' is \(score), outside [0, 1]")
            }
            rowScores[Int(concept)] = score == 0 ? 0 : score
        }
        if let missing = seen.firstIndex(of: false) {
            throw ParseFailure(line: line, "\"scores\" lacks concept '\(conceptNames[missing].quotedForMessage)', which line \(firstLine) has; every line must score the same concepts")
        }

        var labels: [Int32] = []
        if let labelsValue = value.member("labels") ?? value.member("label") {
            let names: [String]
            switch labelsValue {
            case .array(let items):
                names = try items.map { item throws(ParseFailure) -> String in
                    guard case .string(let name) = item else {
                        throw ParseFailure(line: line, "\"labels\" must hold concept names as strings, but one is \(item.kindName)")
                    }
                    return name
                }
            case .string(let name): names = name.isEmpty ? [] : [name]
            case .null: names = []
            default: throw ParseFailure(line: line, "\"labels\" must be an array of concept names, but it is \(labelsValue.kindName)")
            }
            for name in names {
                let concept = conceptTable.index(of: name)
                guard concept >= 0 else {
                    throw ParseFailure(line: line, LoadMessages.unknownConcept(name, in: "labels", known: conceptNames))
                }
                labels.append(concept)
            }
        } else {
            throw ParseFailure(line: line, "input '\(id.quotedForMessage)' has no \"labels\"; give its concepts, or [] for none")
        }

        var metadata = InputMetadata()
        if let url = value.member("url") ?? value.member("path") {
            guard case .string(let text) = url else { throw ParseFailure(line: line, "\"url\" must be a string") }
            metadata.url = text
        }
        if let text = value.member("text") {
            switch text {
            case .string(let string): metadata.text = string
            case .null: break
            default: throw ParseFailure(line: line, "\"text\" must be a string")
            }
        }
        metadata.width = try pixels(value.member("width"), "width", line: line)
        metadata.height = try pixels(value.member("height"), "height", line: line)
        if let fold = value.member("fold") { metadata.fold = try Self.categoryText(fold, "fold", line: line) }
        if let meta = value.member("meta") {
            guard case .object(let attributes, _, _) = meta else { throw ParseFailure(line: line, "\"meta\" must be an object of attribute: value") }
            for (name, attribute) in attributes {
                metadata.attributes.append((name, try Self.categoryText(attribute, "meta \"\(name)\"", line: line)))
            }
        }
        return JSONLinesRecord(id: id, scores: rowScores, labels: labels, metadata: metadata)
    }

    private func inputID(_ value: JSONValue, line: Int) throws(ParseFailure) -> String {
        guard let idValue = value.member("input_id") ?? value.member("id") else {
            throw ParseFailure(line: line, "the object has no \"input_id\" (or \"id\"); every line needs one")
        }
        switch idValue {
        case .string(let id) where !id.isEmpty: return id
        // A number is parsed as a Double: only whole numbers up to 2^53 are ids without loss
        // (beyond it two ids could read as one, and Int64 cannot hold every Double).
        case .number(let number) where number == number.rounded() && abs(number) <= 9_007_199_254_740_992:
            return String(Int64(number))
        case .number:
            throw ParseFailure(line: line, "a numeric \"input_id\" must be a whole number of at most 2^53 (9007199254740992); write other ids as strings")
        default: throw ParseFailure(line: line, "\"input_id\" must be a non-empty string")
        }
    }

    private func pixels(_ value: JSONValue?, _ what: String, line: Int) throws(ParseFailure) -> Int32? {
        guard let value else { return nil }
        if case .null = value { return nil }
        guard case .number(let number) = value, number >= 0, number == number.rounded(), number <= Double(Int32.max) else {
            throw ParseFailure(line: line, "\"\(what)\" must be a whole number of pixels")
        }
        return Int32(number)
    }

    static func categoryText(_ value: JSONValue, _ what: String, line: Int) throws(ParseFailure) -> String? {
        switch value {
        case .string(let text): return text.isEmpty ? nil : text
        case .number: return value.serialized()
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return nil
        default: throw ParseFailure(line: line, "\(what) must be a string or a number, but it is \(value.kindName)")
        }
    }
}
