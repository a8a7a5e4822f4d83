import CStb
import Foundation
@testable import ImageKit

/// Images of known sizes and pixels, written by stb_image_write into a fresh folder per test.
final class TestImages {
    let folder: String

    init() {
        folder = NSTemporaryDirectory() + "evaltop-images-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ name: String) -> String { folder + "/" + name }

    /// A gradient: red grows to the right, green downwards, blue fixed; opaque.
    static func gradient(width: Int, height: Int) -> RGBAImage {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 4)
        for y in 0 ..< height {
            for x in 0 ..< width {
                pixels += [UInt8(x * 255 / max(1, width - 1)), UInt8(y * 255 / max(1, height - 1)), 64, 255]
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    enum Kind { case png, jpeg, bmp }

    @discardableResult
    func write(_ name: String, _ image: RGBAImage, as kind: Kind = .png) -> String {
        let p = path(name)
        let ok = image.pixels.withUnsafeBufferPointer { px -> Int32 in
            switch kind {
            case .png: return stbi_write_png(p, Int32(image.width), Int32(image.height), 4, px.baseAddress, Int32(image.width * 4))
            case .jpeg: return stbi_write_jpg(p, Int32(image.width), Int32(image.height), 4, px.baseAddress, 90)
            case .bmp: return stbi_write_bmp(p, Int32(image.width), Int32(image.height), 4, px.baseAddress)
            }
        }
        precondition(ok != 0, "stb_image_write failed for \(p)")
        return p
    }

    @discardableResult
    func writeBytes(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    func bytes(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path(name))!) }

    /// The smallest GIF: one white pixel (GIF89a, global colour table of 2, LZW minimum 2).
    static let onePixelGIF: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x00, 0x00, 0x00, 0x21, 0xF9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    /// A PNG whose IHDR claims `width` × `height` (the pixel data stays that of a 1 × 1 image):
    /// what a huge image looks like to the header reader, without writing one.
    @discardableResult
    func pngClaiming(width: Int, height: Int, name: String) -> String {
        write("seed-\(name)", RGBAImage(width: 1, height: 1, pixels: [1, 2, 3, 255]))
        var bytes = self.bytes("seed-\(name)")
        // Signature (8), chunk length (4), "IHDR" (4), then width and height, big-endian.
        for (offset, value) in [(16, width), (20, height)] {
            for k in 0 ..< 4 { bytes[offset + k] = UInt8((value >> (8 * (3 - k))) & 0xFF) }
        }
        return writeBytes(name, bytes)
    }
}
