import CStb

/// An image's size from its header alone.
public struct ImageHeader: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}

/// Decodes PNG, JPEG, GIF (first frame) and BMP with Debian's stb_image, and scales with
/// stb_image_resize. The header is read first, so that a 20000 × 20000 image is refused before
/// a byte of pixel memory is taken (`ImageHeaderParser`). Thread-safe: stb keeps its failure
/// reason thread-local.
public enum ImageDecoder {
    /// The largest image decoded, in pixels (40 megapixels: 160 MB of RGBA while it is scaled
    /// down; a 24-megapixel camera photo fits). Bigger images get `ImageError.tooLarge`.
    public static let defaultMaxPixels = 40_000_000

    /// The format and size from the header of in-memory image data.
    public static func header(of data: [UInt8]) throws(ImageError) -> ImageHeader {
        let format = try decodableFormat(data)
        let size = ImageHeaderParser.size(format: format) { offset, count in
            offset >= data.count ? [] : Array(data[offset ..< min(data.count, offset + count)])
        }
        guard let size, size.width > 0, size.height > 0 else {
            throw isTruncated(format: format, data: data) && data.count < 64
                ? ImageError.cannotDecode("truncated \(format.rawValue)") : ImageError.cannotDecode("corrupt \(format.rawValue) header")
        }
        return ImageHeader(format: format, width: size.width, height: size.height)
    }

    /// The format and size of an image file, reading only the header's bytes (a JPEG's size
    /// may sit after its metadata segments, which are skipped with seeks, not read).
    public static func header(ofFileAt path: String, displayName: String? = nil) throws(ImageError) -> ImageHeader {
        let shown = displayName ?? path
        let file = try LocalFile.Reader(path: path, displayName: shown)
        let format = try decodableFormat(file.read(offset: 0, count: 16))
        guard let size = ImageHeaderParser.size(format: format, read: file.read), size.width > 0, size.height > 0 else {
            throw ImageError.cannotDecode("corrupt \(format.rawValue) header")
        }
        return ImageHeader(format: format, width: size.width, height: size.height)
    }

    /// Decodes `data` to RGBA. Throws for an unsupported format, a header beyond `maxPixels`
    /// and truncated or corrupt data.
    public static func decode(_ data: [UInt8], maxPixels: Int = defaultMaxPixels) throws(ImageError) -> RGBAImage {
        let header = try header(of: data)
        guard header.width * header.height <= maxPixels else {
            throw ImageError.tooLarge(width: header.width, height: header.height)
        }
        var w: Int32 = 0, h: Int32 = 0, comp: Int32 = 0
        let decoded: RGBAImage? = data.withUnsafeBufferPointer { p in
            guard let pixels = stbi_load_from_memory(p.baseAddress, Int32(clamping: p.count), &w, &h, &comp, 4) else { return nil }
            defer { stbi_image_free(pixels) }
            let count = Int(w) * Int(h) * 4
            return RGBAImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
        }
        guard let decoded else { throw failure(format: header.format, data: data) }
        return decoded
    }

    private static func decodableFormat<Bytes: Collection>(_ head: Bytes) throws(ImageError) -> ImageFormat where Bytes.Element == UInt8 {
        guard let format = ImageFormat.sniff(head) else {
            throw ImageError.unsupportedFormat(head.isEmpty ? "empty file" : "not an image")
        }
        guard format.isDecodable else { throw ImageError.unsupportedFormat(format.rawValue) }
        return format
    }

    /// The one-line reason for a failed decode. stb's own reasons are terse ("outofdata"), so a
    /// file that lacks its format's end marker is called truncated, which is what users meet
    /// most (an interrupted download).
    private static func failure(format: ImageFormat, data: [UInt8]) -> ImageError {
        if isTruncated(format: format, data: data) { return .cannotDecode("truncated \(format.rawValue)") }
        let reason = stbi_failure_reason().map { String(cString: $0) } ?? "unknown error"
        return .cannotDecode("corrupt \(format.rawValue) (\(reason))")
    }

    /// True when the data stops before the format's end marker: PNG's IEND chunk, JPEG's EOI,
    /// GIF's trailer, or BMP's pixel array as its header sizes it.
    static func isTruncated(format: ImageFormat, data: [UInt8]) -> Bool {
        switch format {
        case .png:
            let iend: [UInt8] = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            return data.count < 8 || Array(data.suffix(8)) != iend
        case .jpeg:
            return data.count < 4 || !(data[data.count - 2] == 0xFF && data[data.count - 1] == 0xD9)
        case .gif:
            return data.last != 0x3B
        case .bmp:
            guard data.count >= 6 else { return true }
            let declared = Int(data[2]) | Int(data[3]) << 8 | Int(data[4]) << 16 | Int(data[5]) << 24
            return declared > data.count
        default:
            return false
        }
    }
}
