import EvalCore
import Foundation
import ImageKit

/// `evaltop-bench images`: decode and scale times of typical images, and the header read that
/// fills image sizes, on images generated here (a smooth gradient with noise, so that PNG and
/// JPEG compress as photos do rather than as flat colour).
enum ImageTimings {
    static func run(repetitions: Int) throws {
        let folder = NSTemporaryDirectory() + "evaltop-bench-images-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var random = SplitMix64(seed: 1)
        for (name, w, h) in [("640x480", 640, 480), ("1920x1080", 1920, 1080), ("4000x3000", 4000, 3000)] {
            var pixels = [UInt8](repeating: 255, count: w * h * 4)
            for y in 0 ..< h { for x in 0 ..< w {
                let i = (y * w + x) * 4, noise = Int(random.next() % 24)
                pixels[i] = UInt8((x * 255 / w + noise) & 0xFF); pixels[i + 1] = UInt8((y * 255 / h + noise) & 0xFF)
                pixels[i + 2] = UInt8(((x + y) * 127 / (w + h) + noise) & 0xFF)
            } }
            let image = RGBAImage(width: w, height: h, pixels: pixels)
            let png = PNGEncoder.encode(image)
            let path = folder + "/\(name).png"
            FileManager.default.createFile(atPath: path, contents: Data(png))
            let decode = median(repetitions) { _ = try? ImageDecoder.decode(png) }
            let full = try ImageDecoder.decode(png)
            let scale = median(repetitions) { _ = ImageScaler.fit(full, maxWidth: 480, maxHeight: 600) }
            let header = median(repetitions) { _ = try? ImageDecoder.header(ofFileAt: path) }
            print("\(name) PNG (\(png.count / 1024) KB): decode \(ms(decode)) ms, scale to 480×600 \(ms(scale)) ms, header \(ms(header * 1000)) µs")
        }
    }

    static func median(_ n: Int, _ work: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0 ..< max(1, n) {
            let start = Date()
            work()
            times.append(Date().timeIntervalSince(start))
        }
        return times.sorted()[times.count / 2]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
}
