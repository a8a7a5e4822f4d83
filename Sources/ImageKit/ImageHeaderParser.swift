/// Reads an image's pixel size from its header bytes, without decoding. stb's own `stbi_info`
/// refuses images over 2^30 bytes of pixels ("too large"), which is exactly when the size
/// matters most (refusing a 20000 × 20000 image by name), so the four formats are parsed here.
/// Each needs a few dozen bytes, except JPEG, whose size sits in the first SOF segment after
/// any metadata (EXIF, ICC): `read` fetches more as the walk needs it.
enum ImageHeaderParser {
    /// `read(offset, count)` returns up to `count` bytes at `offset` (fewer at the end).
    static func size(format: ImageFormat, read: (Int, Int) -> [UInt8]) -> (width: Int, height: Int)? {
        switch format {
        case .png:
            // Signature, IHDR length and type, then width and height (big-endian).
            let b = read(0, 24)
            guard b.count == 24, Array(b[12 ..< 16]) == Array("IHDR".utf8) else { return nil }
            return (be32(b, 16), be32(b, 20))
        case .gif:
            let b = read(0, 10)
            guard b.count == 10 else { return nil }
            return (Int(b[6]) | Int(b[7]) << 8, Int(b[8]) | Int(b[9]) << 8)
        case .bmp:
            let b = read(0, 26)
            guard b.count >= 22 else { return nil }
            let headerSize = le32(b, 14)
            if headerSize == 12 {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
                return (Int(b[18]) | Int(b[19]) << 8, Int(b[20]) | Int(b[21]) << 8)
            }
            guard b.count == 26 else { return nil }
            // Height is negative for top-down bitmaps.
            return (abs(Int(Int32(bitPattern: UInt32(le32(b, 18))))), abs(Int(Int32(bitPattern: UInt32(le32(b, 22))))))
        case .jpeg:
            return jpegSize(read: read)
        default:
            return nil
        }
    }

    /// Walks the JPEG segments from SOI to the first start-of-frame marker.
    private static func jpegSize(read: (Int, Int) -> [UInt8]) -> (width: Int, height: Int)? {
        var offset = 2
        for _ in 0 ..< 1000 {  // a bound on segments, so a malicious file can't loop us
            let marker = read(offset, 9)
            guard marker.count >= 4, marker[0] == 0xFF else { return nil }
            let type = marker[1]
            if type == 0xFF { offset += 1; continue }  // fill byte
            if type == 0xD8 || (0xD0 ... 0xD7).contains(type) || type == 0x01 { offset += 2; continue }
            let length = Int(marker[2]) << 8 | Int(marker[3])
            guard length >= 2 else { return nil }
            let isFrame = (0xC0 ... 0xCF).contains(type) && type != 0xC4 && type != 0xC8 && type != 0xCC
            if isFrame {
                guard marker.count == 9 else { return nil }
                return (Int(marker[7]) << 8 | Int(marker[8]), Int(marker[5]) << 8 | Int(marker[6]))
            }
            if type == 0xDA || type == 0xD9 { return nil }  // scan data or end before any frame
            offset += 2 + length
        }
        return nil
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
    }

    private static func le32(_ b: [UInt8], _ i: Int) -> Int {
        Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
    }
}
