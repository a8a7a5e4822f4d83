import Foundation
import Testing
@testable import ImageKit

/// Polls `condition` every 20 ms up to `timeout` seconds (no fixed sleeps). Suspends rather
/// than blocks, so that waiting tests never starve the other tests' tasks of threads.
func eventually(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}

@Suite struct ImageLoaderTests {
    @Test func aLocalFileLoadsInTheBackgroundScaledToTheAskedSize() async throws {
        let images = TestImages()
        images.write("img.png", TestImages.gradient(width: 64, height: 32))
        let loader = ImageLoader(options: .init(evaluationPath: images.path("eval.csv"), cacheFolder: nil))
        let before = loader.generation
        // The call answers at once: loading, or ready when the decode thread was quicker.
        let first = loader.image(for: "img.png", maxWidth: 16, maxHeight: 16)
        #expect(first != .failed(.notFound("img.png")))
        #expect(await eventually { loader.generation > before })
        guard case .ready(let image) = loader.image(for: "img.png", maxWidth: 16, maxHeight: 16) else {
            Issue.record("not ready"); return
        }
        #expect(image.width == 16 && image.height == 8)
    }

    @Test func brokenImagesGiveTheirOneLineReason() throws {
        let images = TestImages()
        images.write("t.png", TestImages.gradient(width: 32, height: 32))
        images.writeBytes("cut.png", Array(images.bytes("t.png").prefix(60)))
        images.pngClaiming(width: 20000, height: 20000, name: "huge.png")
        images.writeBytes("w.webp", Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8))
        let loader = ImageLoader(options: .init(evaluationPath: images.path("eval.csv"), cacheFolder: nil, synchronous: true))
        func reason(_ reference: String) -> String {
            if case .failed(let error) = loader.image(for: reference, maxWidth: 10, maxHeight: 10) { return error.description }
            return "no error"
        }
        #expect(reason("img/x.png") == "image not found: img/x.png")
        #expect(reason("cut.png") == "cannot decode: truncated PNG")
        #expect(reason("huge.png") == "image too large to show: 20000×20000 pixels")
        #expect(reason("w.webp") == "unsupported format: WebP (PNG, JPEG, GIF and BMP are shown)")
        #expect(reason("s3://b/x.png") == "not an image reference: s3://b/x.png")
        // Failures are remembered, not retried on every frame.
        #expect(reason("img/x.png") == "image not found: img/x.png")
    }

    @Test func noFetchLeavesRemoteImagesAlone() {
        let loader = ImageLoader(options: .init(fetch: false, cacheFolder: nil, synchronous: true))
        #expect(loader.image(for: "http://127.0.0.1:9/x.png", maxWidth: 10, maxHeight: 10) == .failed(.fetchDisabled))
    }
}
