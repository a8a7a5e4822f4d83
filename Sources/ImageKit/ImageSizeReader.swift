import EvalCore
import Foundation

/// Fills in image sizes an evaluation lacks by reading the headers of its local image files
/// (no decode), so that the diagnosis's 512 × 512 px advice (`small_images`) works on files
/// that never had `width`/`height` columns. Remote images are left alone (a report must not
/// wait on the network); unreadable files are counted, never fatal.
public enum ImageSizeReader {
    public struct Outcome: Sendable {
        public let evaluation: Evaluation
        /// Inputs whose size came from their file.
        public let read: Int
        /// Local files whose header could not be read, and the first few reasons.
        public let unreadable: Int
        public let examples: [String]

        /// "image sizes: 1,797 read from the files, 3 unreadable (image not found: a.png; …)".
        public var summary: String? {
            guard read > 0 || unreadable > 0 else { return nil }
            var text = "image sizes: \(read) read from the files"
            if unreadable > 0 { text += ", \(unreadable) unreadable (" + examples.joined(separator: "; ") + ")" }
            return text
        }
    }

    /// True when some input has a url but no size: the reader has work to do.
    public static func isNeeded(_ evaluation: Evaluation) -> Bool {
        guard let urls = evaluation.urls else { return false }
        for i in 0 ..< evaluation.inputCount where !urls[i].isEmpty && !hasSize(evaluation, i) { return true }
        return false
    }

    /// Reads the missing sizes on `workers` threads (both cores by default). `progress` is
    /// called with the number of inputs done, from the workers.
    public static func fill(_ evaluation: Evaluation, imageRoot: String? = nil, workers: Int = 2,
                            progress: (@Sendable (Int) -> Void)? = nil) -> Outcome {
        guard let urls = evaluation.urls else {
            return Outcome(evaluation: evaluation, read: 0, unreadable: 0, examples: [])
        }
        let todo = (0 ..< evaluation.inputCount).filter { !urls[$0].isEmpty && !hasSize(evaluation, $0) }
        guard !todo.isEmpty else { return Outcome(evaluation: evaluation, read: 0, unreadable: 0, examples: []) }
        let results = ResultSlots(count: todo.count)
        let chunk = max(1, (todo.count + workers * 8 - 1) / (workers * 8))
        let chunks = (todo.count + chunk - 1) / chunk
        let done = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for k in c * chunk ..< min(todo.count, (c + 1) * chunk) {
                let input = todo[k]
                guard case .file(let path, let reference)? = ImageSource.resolve(urls[input], evaluationPath: evaluation.sourcePath, imageRoot: imageRoot) else {
                    results.set(k, .skipped)
                    continue
                }
                do throws(ImageError) {
                    let header = try ImageDecoder.header(ofFileAt: path, displayName: reference)
                    results.set(k, .size(Int32(clamping: header.width), Int32(clamping: header.height)))
                } catch {
                    results.set(k, .failed(error.description))
                }
            }
            progress?(done.add(min(todo.count, (c + 1) * chunk) - c * chunk))
        }
        var widths = evaluation.widths ?? [Int32](repeating: -1, count: evaluation.inputCount)
        var heights = evaluation.heights ?? [Int32](repeating: -1, count: evaluation.inputCount)
        var read = 0, unreadable = 0
        var examples: [String] = []
        for (k, result) in results.values.enumerated() {
            switch result {
            case .size(let w, let h):
                widths[todo[k]] = w
                heights[todo[k]] = h
                read += 1
            case .failed(let reason):
                unreadable += 1
                if examples.count < 3 { examples.append(reason) }
            case .skipped, .none:
                break
            }
        }
        guard read > 0 else { return Outcome(evaluation: evaluation, read: 0, unreadable: unreadable, examples: examples) }
        return Outcome(evaluation: evaluation.with(widths: widths, heights: heights), read: read, unreadable: unreadable, examples: examples)
    }

    private static func hasSize(_ evaluation: Evaluation, _ i: Int) -> Bool {
        guard let w = evaluation.widths, let h = evaluation.heights else { return false }
        return w[i] >= 0 && h[i] >= 0
    }

    private enum Slot: Sendable { case size(Int32, Int32), failed(String), skipped }

    /// One slot per input, each written by exactly one worker.
    private final class ResultSlots: @unchecked Sendable {  // disjoint writes, read after the workers join
        var values: [Slot?]
        private let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ slot: Slot) { lock.lock(); values[i] = slot; lock.unlock() }
    }

    private final class AtomicCounter: @unchecked Sendable {  // `value` guarded by `lock`
        private let lock = NSLock()
        private var value = 0
        func add(_ n: Int) -> Int { lock.lock(); defer { lock.unlock() }; value += n; return value }
    }
}
