/// Walks a JSON text's structure without building values: strings are skipped (escapes
/// included: `\"` and `\\` do not end them), brackets inside them are text, and nesting is
/// counted, so a member's value of any size is passed over in one scan with no memory. It
/// finds where a Clarifai document's test_set array starts (`ClarifaiSummarizer`), whatever the
/// order of the keys around it.
///
/// The skim does not check the grammar: what it finds is then parsed by `JSONParser`, which
/// reports any error in its own words. On broken text it stops where it is lost and returns
/// what it found so far. Written by hand because `JSONSpanScanner` (the flags' corrected copy)
/// works on a byte array with whole value spans and decodes keys through Foundation, while this
/// runs over a mapped file of any size and hands its pages back as it goes.
struct JSONSkim {
    let bytes: UnsafeRawBufferPointer
    /// Told each stretch of `reportEvery` bytes a long value has been scanned over, so that the
    /// caller can hand those mapped pages back (`SourceBytes.releasePages`). Each lookup scans
    /// its object again from the start, so a stretch may come more than once.
    var reportEvery = WideCSVSummarizer.releaseEvery
    var passed: (Range<Int>) -> Void = { _ in }

    /// Where `key` (or its lowerCamelCase spelling) is found in an object, as `JSONValue.member`
    /// and `memberKeyOffset` find it: the value of the first member spelled `key`, else of the
    /// first spelled in lowerCamelCase; the key of the first member with either spelling.
    struct Member {
        var valueStart: Int
        var keyOffset: Int
    }

    func skipWhitespace(_ index: Int) -> Int {
        var i = index
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// Just past the string whose opening quote is at `start`; nil when the text ends first.
    func stringEnd(_ start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// Just past the value starting at `start`; nil when the text ends first (or `start` is no
    /// value's first byte).
    func valueEnd(_ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            var reported = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
                if i - reported >= reportEvery { passed(reported ..< i); reported = i }
            }
            return nil
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"):
            return nil
        default:  // a number, true, false or null
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return i
                default: i += 1
                }
            }
            return i
        }
    }

    /// The members named `keys` of the object whose `{` is at `start` (see `Member`), nil for a
    /// key it has not (or not before the text breaks). The scan ends early once every key has
    /// been found in its first spelling, which no later member can override.
    func members(ofObjectAt start: Int, named keys: [String]) -> [Member?] {
        let camel = keys.map(JSONValue.lowerCamelCase)
        var exact = [Member?](repeating: nil, count: keys.count)
        var either = [Int?](repeating: nil, count: keys.count)
        var camelValue = [Int?](repeating: nil, count: keys.count)
        func found() -> [Member?] {
            keys.indices.map { k in
                guard let keyOffset = either[k], let value = exact[k]?.valueStart ?? camelValue[k] else { return nil }
                return Member(valueStart: value, keyOffset: keyOffset)
            }
        }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return found() }
        var i = skipWhitespace(start + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return found() }
        while i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            guard let keyEnd = stringEnd(i) else { break }
            var parser = JSONParser(bytes: bytes, start: i, end: keyEnd)
            let key: String?
            if case .string(let text)? = try? parser.parseDocument() { key = text } else { key = nil }
            let colon = skipWhitespace(keyEnd)
            guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { break }
            let valueStart = skipWhitespace(colon + 1)
            if let key {
                for k in keys.indices where key == keys[k] || key == camel[k] {
                    if either[k] == nil { either[k] = i }
                    if key == keys[k], exact[k] == nil { exact[k] = Member(valueStart: valueStart, keyOffset: i) }
                    if key == camel[k], camelValue[k] == nil { camelValue[k] = valueStart }
                }
                if exact.allSatisfy({ $0 != nil }) { break }
            }
            guard let valueEnd = valueEnd(valueStart) else { break }
            i = skipWhitespace(valueEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { break }
            i = skipWhitespace(i + 1)
        }
        return found()
    }
}
