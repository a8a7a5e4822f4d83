/// The container formats evaltop recognises from an image's first bytes. Only the first four
/// are decoded; the others are named so that the error says what the file is.
public enum ImageFormat: String, Sendable, CaseIterable {
    case png = "PNG", jpeg = "JPEG", gif = "GIF", bmp = "BMP"
    case webp = "WebP", tiff = "TIFF", heif = "HEIF/AVIF", svg = "SVG"

    public var isDecodable: Bool {
        switch self {
        case .png, .jpeg, .gif, .bmp: return true
        case .webp, .tiff, .heif, .svg: return false
        }
    }

    /// The format from the magic bytes at the start of a file; nil when none matches.
    public static func sniff<Bytes: Collection>(_ head: Bytes) -> ImageFormat? where Bytes.Element == UInt8 {
        let b = Array(head.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + magic.count && Array(b[offset ..< offset + magic.count]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("BM".utf8)) { return .bmp }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("ftyp".utf8), at: 4) { return .heif }
        if starts(Array("<svg".utf8)) || starts(Array("<?xml".utf8)) { return .svg }
        return nil
    }
}
