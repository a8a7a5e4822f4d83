import Foundation
import Testing
@testable import ImageKit

@Suite struct ImageHeaderTests {
    @Test func headersOfKnownSizesInEveryFormat() throws {
        let images = TestImages()
        let png = images.write("a.png", TestImages.gradient(width: 640, height: 480))
        let jpeg = images.write("b.jpg", TestImages.gradient(width: 300, height: 200), as: .jpeg)
        let bmp = images.write("c.bmp", TestImages.gradient(width: 17, height: 9), as: .bmp)
        let gif = images.writeBytes("d.gif", TestImages.onePixelGIF)
        #expect(try ImageDecoder.header(ofFileAt: png) == ImageHeader(format: .png, width: 640, height: 480))
        #expect(try ImageDecoder.header(ofFileAt: jpeg) == ImageHeader(format: .jpeg, width: 300, height: 200))
        #expect(try ImageDecoder.header(ofFileAt: bmp) == ImageHeader(format: .bmp, width: 17, height: 9))
        #expect(try ImageDecoder.header(ofFileAt: gif) == ImageHeader(format: .gif, width: 1, height: 1))
        // From memory, too.
        #expect(try ImageDecoder.header(of: images.bytes("b.jpg")) == ImageHeader(format: .jpeg, width: 300, height: 200))
    }

    @Test func aHugeHeaderIsReadWithoutDecoding() throws {
        let images = TestImages()
        let huge = images.pngClaiming(width: 20000, height: 20000, name: "huge.png")
        #expect(try ImageDecoder.header(ofFileAt: huge) == ImageHeader(format: .png, width: 20000, height: 20000))
    }
}

@Suite struct ImageDecodeTests {
    @Test func decodesPixelsExactlyFromPNGAndBMP() throws {
        let images = TestImages()
        let original = TestImages.gradient(width: 5, height: 3)
        images.write("g.png", original)
        images.write("g.bmp", original, as: .bmp)
        #expect(try ImageDecoder.decode(images.bytes("g.png")) == original)
        #expect(try ImageDecoder.decode(images.bytes("g.bmp")) == original)
    }

    @Test func decodesJPEGAndGIF() throws {
        let images = TestImages()
        images.write("g.jpg", TestImages.gradient(width: 32, height: 16), as: .jpeg)
        let jpeg = try ImageDecoder.decode(images.bytes("g.jpg"))
        #expect(jpeg.width == 32 && jpeg.height == 16)
        let (r, _, _, _) = jpeg.pixel(x: 31, y: 0)
        #expect(r > 200)  // lossy, but the right edge is red
        let gif = try ImageDecoder.decode(TestImages.onePixelGIF)
        #expect(gif.width == 1 && gif.pixel(x: 0, y: 0) == (255, 255, 255, 255))
    }

    @Test func aTruncatedPNGSaysSo() {
        let images = TestImages()
        images.write("t.png", TestImages.gradient(width: 64, height: 64))
        let bytes = images.bytes("t.png")
        #expect(throws: ImageError.cannotDecode("truncated PNG")) { try ImageDecoder.decode(Array(bytes.prefix(bytes.count / 2))) }
        #expect(ImageError.cannotDecode("truncated PNG").description == "cannot decode: truncated PNG")
    }

    @Test func aCorruptPNGSaysSoWithStbsReason() throws {
        let images = TestImages()
        images.write("c.png", TestImages.gradient(width: 64, height: 64))
        var bytes = images.bytes("c.png")
        // Overwrite the compressed data (after the 33-byte signature and IHDR) but keep IEND.
        for i in 41 ..< bytes.count - 12 { bytes[i] = 0xAB }
        do {
            _ = try ImageDecoder.decode(bytes)
            Issue.record("a corrupt PNG decoded")
        } catch {
            #expect(error.description.hasPrefix("cannot decode: corrupt PNG ("), "\(error)")
        }
    }

    @Test func unsupportedFormatsAreNamed() {
        let webp = Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)
        #expect(throws: ImageError.unsupportedFormat("WebP")) { try ImageDecoder.decode(webp) }
        #expect(throws: ImageError.unsupportedFormat("TIFF")) { try ImageDecoder.decode([0x49, 0x49, 0x2A, 0x00, 1, 2, 3]) }
        #expect(throws: ImageError.unsupportedFormat("not an image")) { try ImageDecoder.decode(Array("id,url\n".utf8)) }
        #expect(throws: ImageError.unsupportedFormat("empty file")) { try ImageDecoder.decode([]) }
        #expect(ImageError.unsupportedFormat("WebP").description == "unsupported format: WebP (PNG, JPEG, GIF and BMP are shown)")
    }

    @Test func aHugeImageIsRefusedBeforeDecoding() throws {
        let images = TestImages()
        images.pngClaiming(width: 20000, height: 20000, name: "huge.png")
        #expect(throws: ImageError.tooLarge(width: 20000, height: 20000)) { try ImageDecoder.decode(images.bytes("huge.png")) }
    }

    @Test func missingAndUnreadableFilesSaySo() {
        let images = TestImages()
        #expect(throws: ImageError.notFound("img/x.png")) { try LocalFile.read(path: images.path("img/x.png"), displayName: "img/x.png") }
        #expect(ImageError.notFound("img/x.png").description == "image not found: img/x.png")
        #expect(throws: ImageError.unreadable("dir", reason: "a folder")) { try LocalFile.read(path: images.folder, displayName: "dir") }
        #expect(throws: ImageError.notFound("gone.png")) { try ImageDecoder.header(ofFileAt: images.path("gone.png"), displayName: "gone.png") }
    }
}

@Suite struct ImageScalerTests {
    @Test func fitsKeepingTheAspectRatio() {
        #expect(ImageScaler.fittedSize(width: 640, height: 480, maxWidth: 100, maxHeight: 100) == (100, 75))
        #expect(ImageScaler.fittedSize(width: 8, height: 8, maxWidth: 40, maxHeight: 20) == (20, 20))
        #expect(ImageScaler.fittedSize(width: 1, height: 1000, maxWidth: 50, maxHeight: 10) == (1, 10))
        #expect(ImageScaler.fittedSize(width: 0, height: 10, maxWidth: 50, maxHeight: 10) == (0, 0))
    }

    @Test func enlargingRepeatsPixelsExactly() {
        let two = RGBAImage(width: 2, height: 1, pixels: [255, 0, 0, 255, 0, 0, 255, 255])
        let big = ImageScaler.fit(two, maxWidth: 6, maxHeight: 6)
        #expect(big.width == 6 && big.height == 3)
        for y in 0 ..< 3 { for x in 0 ..< 6 { #expect(big.pixel(x: x, y: y) == (x < 3 ? (255, 0, 0, 255) : (0, 0, 255, 255))) } }
    }

    @Test func resizingAFlatImageKeepsItsColour() {
        let flat = RGBAImage(width: 40, height: 30, pixels: Array([200, 100, 50, 255].repeated(1200)))
        let small = ImageScaler.fit(flat, maxWidth: 8, maxHeight: 8)
        #expect(small.width == 8 && small.height == 6)
        for y in 0 ..< 6 { for x in 0 ..< 8 {
            let (r, g, b, a) = small.pixel(x: x, y: y)
            #expect(abs(Int(r) - 200) <= 1 && abs(Int(g) - 100) <= 1 && abs(Int(b) - 50) <= 1 && a == 255)
        } }
    }
}

extension Array {
    func repeated(_ n: Int) -> [Element] { (0 ..< n).flatMap { _ in self } }
}
