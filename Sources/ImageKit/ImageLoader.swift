import Foundation

/// The one place screens ask for an input's image: "this reference, fitted in W × H pixels".
/// It answers at once from the cache, or starts the work (read or fetch, decode, scale) in the
/// background and answers `.loading`; the event loop polls `generation` to know when to redraw.
/// Failures are remembered too, so a missing file is not retried on every frame.
public final class ImageLoader: @unchecked Sendable {  // `inFlight`, `failures`, `generationValue` guarded by `lock`
    public enum Status: Sendable, Equatable {
        case loading
        case ready(RGBAImage)
        case failed(ImageError)
    }

    public struct Options: Sendable {
        /// The evaluation file, whose folder relative paths resolve against.
        public var evaluationPath: String?
        /// `--image-root DIR`.
        public var imageRoot: String?
        /// False with `--no-fetch`.
        public var fetch: Bool
        public var cacheFolder: String?
        public var cacheBytes: Int
        public var maxPixels: Int
        public var fetchTimeout: TimeInterval
        /// Headless runs (replay, golden screens) decode local files inline, so that a screen
        /// is the same on every run.
        public var synchronous: Bool

        public init(evaluationPath: String? = nil, imageRoot: String? = nil, fetch: Bool = true,
                    cacheFolder: String? = ImageFetcher.defaultCacheFolder(), cacheBytes: Int = ImageCache<Key>.defaultByteLimit,
                    maxPixels: Int = ImageDecoder.defaultMaxPixels, fetchTimeout: TimeInterval = 10, synchronous: Bool = false) {
            self.evaluationPath = evaluationPath
            self.imageRoot = imageRoot
            self.fetch = fetch
            self.cacheFolder = cacheFolder
            self.cacheBytes = cacheBytes
            self.maxPixels = maxPixels
            self.fetchTimeout = fetchTimeout
            self.synchronous = synchronous
        }
    }

    public struct Key: Hashable, Sendable {
        public let source: ImageSource
        public let maxWidth: Int
        public let maxHeight: Int
    }

    public let options: Options
    public let cache: ImageCache<Key>
    private let fetcher: ImageFetcher
    private let decodeQueue: OperationQueue
    private let lock = NSLock()
    private var inFlight: Set<Key> = []
    private var failures: [Key: ImageError] = [:]
    private var generationValue = 0

    public init(options: Options = .init()) {
        self.options = options
        cache = ImageCache(byteLimit: options.cacheBytes)
        fetcher = ImageFetcher(cacheFolder: options.cacheFolder, timeout: options.fetchTimeout)
        decodeQueue = OperationQueue()
        // Two decodes at a time: the machine's other core keeps the UI and the metrics going.
        decodeQueue.maxConcurrentOperationCount = 2
        decodeQueue.qualityOfService = .utility
    }

    /// Bumped whenever a request finishes (ready or failed): the event loop redraws when it
    /// changes.
    public var generation: Int {
        lock.lock(); defer { lock.unlock() }
        return generationValue
    }

    public func resolve(_ reference: String) -> ImageSource? {
        ImageSource.resolve(reference, evaluationPath: options.evaluationPath, imageRoot: options.imageRoot)
    }

    /// The image for `reference` fitted in `maxWidth` × `maxHeight` pixels, starting the work
    /// when it is neither cached nor under way.
    public func image(for reference: String, maxWidth: Int, maxHeight: Int) -> Status {
        guard let source = resolve(reference) else { return .failed(.badReference(reference)) }
        return image(source: source, maxWidth: maxWidth, maxHeight: maxHeight)
    }

    public func image(source: ImageSource, maxWidth: Int, maxHeight: Int) -> Status {
        let key = Key(source: source, maxWidth: max(1, maxWidth), maxHeight: max(1, maxHeight))
        if let image = cache.get(key) { return .ready(image) }
        lock.lock()
        if let failure = failures[key] { lock.unlock(); return .failed(failure) }
        if inFlight.contains(key) { lock.unlock(); return .loading }
        inFlight.insert(key)
        lock.unlock()
        start(key)
        if let image = cache.get(key) { return .ready(image) }
        lock.lock(); defer { lock.unlock() }
        if let failure = failures[key] { return .failed(failure) }
        return .loading
    }

    /// Starts loading the next few inputs of a list, so that moving down shows them at once.
    public func prefetch(_ references: [String], maxWidth: Int, maxHeight: Int) {
        for reference in references { _ = image(for: reference, maxWidth: maxWidth, maxHeight: maxHeight) }
    }

    private func start(_ key: Key) {
        switch key.source {
        case .file(let path, let reference):
            let work: @Sendable () -> Void = { [weak self] in
                guard let self else { return }
                self.finish(key, Result { () throws(ImageError) -> [UInt8] in
                    try LocalFile.read(path: path, displayName: reference)
                })
            }
            if options.synchronous { work() } else { decodeQueue.addOperation(work) }
        case .remote(let url):
            guard options.fetch else {
                finish(key, .failure(.fetchDisabled))
                return
            }
            fetcher.fetch(url) { [weak self] result in
                guard let self else { return }
                self.decodeQueue.addOperation { self.finish(key, result) }
            }
        }
    }

    /// Decodes and scales the bytes (on a decode thread), then records the outcome.
    private func finish(_ key: Key, _ bytes: Result<[UInt8], ImageError>) {
        let outcome = bytes.flatMap { data -> Result<RGBAImage, ImageError> in
            Result { () throws(ImageError) -> RGBAImage in
                let full = try ImageDecoder.decode(data, maxPixels: options.maxPixels)
                return ImageScaler.fit(full, maxWidth: key.maxWidth, maxHeight: key.maxHeight)
            }
        }
        switch outcome {
        case .success(let image): cache.put(key, image)
        case .failure: break
        }
        lock.lock()
        if case .failure(let error) = outcome {
            // Remembered so that a broken image is not retried every frame; forgotten in bulk
            // past a bound, so scrolling through a million broken inputs can't grow it forever.
            if failures.count >= 10_000 { failures.removeAll(keepingCapacity: true) }
            failures[key] = error
        }
        inFlight.remove(key)
        generationValue += 1
        lock.unlock()
    }
}
