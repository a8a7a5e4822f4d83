import EvalCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches http(s) images in the background: at most `maxConcurrent` at a time, each given up
/// after `timeout` seconds, kept on disk under the cache folder (named by the URL's SHA-256) so
/// a second run shows them at once. Completions run on URLSession's queue.
public final class ImageFetcher: @unchecked Sendable {  // `pending`, `active`, `waiting` guarded by `lock`
    public let cacheFolder: String?
    public let timeout: TimeInterval
    public let maxConcurrent: Int
    /// Bodies larger than this are refused (a URL pointing at a video or an archive).
    public let maxBytes: Int
    private let session: URLSession
    private let lock = NSLock()
    private var pending: [(URL, @Sendable (Result<[UInt8], ImageError>) -> Void)] = []
    private var active = 0

    public init(cacheFolder: String?, timeout: TimeInterval = 10, maxConcurrent: Int = 4, maxBytes: Int = 64 << 20) {
        self.cacheFolder = cacheFolder
        self.timeout = timeout
        self.maxConcurrent = maxConcurrent
        self.maxBytes = maxBytes
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = maxConcurrent
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    // No `invalidateAndCancel()` on deinit: cancelling tasks in flight races in
    // swift-corelibs-foundation's URLSession ("Trying to access a behaviour for a task that in
    // not in the registry", swiftlang/swift-corelibs-foundation#3296). A fetcher lives as long
    // as the UI; its tasks end by their own timeout, and their completions find `self` gone.

    /// `$XDG_CACHE_HOME/evaltop/images`, else `~/.cache/evaltop/images`.
    public static func defaultCacheFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/evaltop/images" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/evaltop/images" }
        return nil
    }

    /// Where `url` is kept on disk.
    public func cachePath(for url: URL) -> String? {
        guard let cacheFolder else { return nil }
        var hash = SHA256()
        hash.update(Array(url.absoluteString.utf8))
        return cacheFolder + "/" + hash.finalizeHex()
    }

    /// The bytes of `url`, from the disk cache or the network; `completion` runs once, off the
    /// calling thread.
    public func fetch(_ url: URL, completion: @escaping @Sendable (Result<[UInt8], ImageError>) -> Void) {
        if let path = cachePath(for: url), let data = FileManager.default.contents(atPath: path) {
            completion(.success([UInt8](data)))
            return
        }
        lock.lock()
        pending.append((url, completion))
        lock.unlock()
        startWaiting()
    }

    /// Requests still queued or in flight (for tests).
    public var outstanding: Int {
        lock.lock(); defer { lock.unlock() }
        return pending.count + active
    }

    /// Fetches in flight right now (never more than `maxConcurrent`).
    public var activeCount: Int {
        lock.lock(); defer { lock.unlock() }
        return active
    }

    private func startWaiting() {
        lock.lock()
        var toStart: [(URL, @Sendable (Result<[UInt8], ImageError>) -> Void)] = []
        while active < maxConcurrent, !pending.isEmpty {
            // Newest first: the input the user just moved to matters more than ones scrolled past.
            toStart.append(pending.removeLast())
            active += 1
        }
        lock.unlock()
        for (url, completion) in toStart { start(url, completion: completion) }
    }

    private func start(_ url: URL, completion: @escaping @Sendable (Result<[UInt8], ImageError>) -> Void) {
        let request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        let task = session.dataTask(with: request) { [weak self] data, response, error in
            guard let self else { return }
            let result = self.outcome(url: url, data: data, response: response, error: error)
            if case .success(let bytes) = result { self.store(bytes, for: url) }
            self.lock.lock(); self.active -= 1; self.lock.unlock()
            completion(result)
            self.startWaiting()
        }
        task.resume()
    }

    private func outcome(url: URL, data: Data?, response: URLResponse?, error: Error?) -> Result<[UInt8], ImageError> {
        if let error = error as? URLError {
            if error.code == .timedOut { return .failure(.timedOut(seconds: Int(timeout.rounded()))) }
            return .failure(.fetchFailed(error.localizedDescription))
        }
        if let error { return .failure(.fetchFailed(String(describing: error))) }
        if let http = response as? HTTPURLResponse, !(200 ..< 300).contains(http.statusCode) {
            return .failure(.httpStatus(http.statusCode))
        }
        guard let data else { return .failure(.fetchFailed("empty answer")) }
        guard data.count <= maxBytes else { return .failure(.fetchFailed("answer over \(maxBytes >> 20) MB")) }
        return .success([UInt8](data))
    }

    /// Writes through a temporary file and a rename, so a reader never sees half a file.
    private func store(_ bytes: [UInt8], for url: URL) {
        guard let path = cachePath(for: url), let cacheFolder else { return }
        try? FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).part"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
