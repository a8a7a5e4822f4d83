import Foundation
import Testing
@testable import ImageKit

@Suite struct ImageSourceTests {
    @Test func relativePathsResolveAgainstTheEvaluationsFolder() {
        #expect(ImageSource.resolve("img/x.png", evaluationPath: "/data/run/eval.csv") == .file(path: "/data/run/img/x.png", reference: "img/x.png"))
        #expect(ImageSource.resolve("../img/x.png", evaluationPath: "/data/run/eval.csv") == .file(path: "/data/img/x.png", reference: "../img/x.png"))
    }

    @Test func imageRootWinsOverTheEvaluationsFolder() {
        #expect(ImageSource.resolve("img/x.png", evaluationPath: "/data/run/eval.csv", imageRoot: "/pics") == .file(path: "/pics/img/x.png", reference: "img/x.png"))
        // Absolute paths stay as they are.
        #expect(ImageSource.resolve("/abs/y.jpg", evaluationPath: "/data/eval.csv", imageRoot: "/pics") == .file(path: "/abs/y.jpg", reference: "/abs/y.jpg"))
    }

    @Test func fileAndHTTPURLs() {
        #expect(ImageSource.resolve("file:///tmp/a%20b.png", evaluationPath: nil) == .file(path: "/tmp/a b.png", reference: "file:///tmp/a%20b.png"))
        #expect(ImageSource.resolve("https://example.com/x.jpg?s=1", evaluationPath: nil) == .remote(URL(string: "https://example.com/x.jpg?s=1")!))
        #expect(ImageSource.resolve("HTTP://example.com/x.jpg", evaluationPath: nil) == .remote(URL(string: "HTTP://example.com/x.jpg")!))
    }

    @Test func otherSchemesAndEmptyValuesAreNotImages() {
        #expect(ImageSource.resolve("", evaluationPath: "/e.csv") == nil)
        #expect(ImageSource.resolve("   ", evaluationPath: "/e.csv") == nil)
        #expect(ImageSource.resolve("s3://bucket/x.png", evaluationPath: "/e.csv") == nil)
        #expect(ImageSource.resolve("data:image/png;base64,AAAA", evaluationPath: "/e.csv") == nil)
        #expect(ImageError.badReference("s3://b/x").description == "not an image reference: s3://b/x")
    }

    @Test func theCacheFolderFollowsXDG() {
        #expect(ImageFetcher.defaultCacheFolder(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/evaltop/images")
        #expect(ImageFetcher.defaultCacheFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.cache/evaltop/images")
        #expect(ImageFetcher.defaultCacheFolder(environment: [:]) == nil)
    }
}

@Suite struct ImageCacheTests {
    @Test func evictsTheLeastRecentlyUsedToStayWithinTheBound() {
        let cache = ImageCache<Int>(byteLimit: 1000)
        let image = RGBAImage(width: 10, height: 10, pixels: [UInt8](repeating: 0, count: 400))  // 400 bytes
        cache.put(1, image)
        cache.put(2, image)
        _ = cache.get(1)         // 1 is now more recent than 2
        cache.put(3, image)      // 1200 > 1000: 2 goes
        #expect(cache.get(2) == nil)
        #expect(cache.get(1) != nil && cache.get(3) != nil)
        #expect(cache.bytesHeld == 800)
        // An image larger than the whole budget is not kept.
        cache.put(4, RGBAImage(width: 20, height: 20, pixels: [UInt8](repeating: 0, count: 1600)))
        #expect(cache.get(4) == nil && cache.bytesHeld == 800)
    }
}
