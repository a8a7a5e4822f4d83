import Foundation
import Testing
@testable import ImageKit

/// A server the test starts on 127.0.0.1: python3's http.server over a folder, or a socket that
/// accepts connections and never answers (the slow server). The script prints its port and its
/// own pid, which is killed at the end (python3 may sit behind a wrapper such as pyenv's shim).
final class LocalServer: @unchecked Sendable {  // immutable after init
    let process = Process()
    let port: Int
    let pid: Int32

    /// Starts a server off the test's thread: reading its first line and reaping it block,
    /// and a blocked test thread starves the other tests' tasks.
    static func start(serving folder: String) async throws -> LocalServer {
        try await offThePool { try LocalServer(serving: folder) }
    }

    static func startSilent() async throws -> LocalServer {
        try await offThePool { try LocalServer.silent() }
    }

    private static func offThePool(_ make: @escaping @Sendable () throws -> LocalServer) async throws -> LocalServer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try make() }) }
        }
    }

    convenience init(serving folder: String) throws {
        try self.init(script: """
        import functools, http.server, os, sys
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
        print(server.server_address[1], os.getpid(), flush=True)
        server.serve_forever()
        """, arguments: [folder])
    }

    static func silent() throws -> LocalServer {
        try LocalServer(script: """
        import os, socket
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
        print(s.getsockname()[1], os.getpid(), flush=True)
        held = []
        while True:
            c, _ = s.accept(); held.append(c)
        """, arguments: [])
    }

    /// Ends the server when the test process is gone. A test process that dies (a sanitizer's
    /// abort, a crash) runs no deinit, and a server left behind holds the test's stderr open: a
    /// `swift test | tee` then waits for it forever (CI's stop 22 ran out of time this way).
    static let diesWithItsParent = """
    import os, threading, time
    def _watch(parent=os.getppid()):
        while os.getppid() == parent: time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=_watch, daemon=True).start()

    """

    private init(script: String, arguments: [String]) throws {
        let out = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.diesWithItsParent + script] + arguments
        process.standardOutput = out
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 2 else { throw CocoaError(.fileReadUnknown) }
        port = fields[0]
        pid = Int32(fields[1])
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    deinit {
        kill(pid, SIGKILL)
        let process = self.process
        DispatchQueue.global().async { process.waitUntilExit() }
    }
}

@Suite(.serialized) struct ImageFetchTests {
    @Test func fetchesOverHTTPAndKeepsTheFileInTheCacheFolder() async throws {
        let images = TestImages()
        images.write("remote.png", TestImages.gradient(width: 40, height: 20))
        let server = try await LocalServer.start(serving: images.folder)
        let cacheFolder = images.path("cache")
        let loader = ImageLoader(options: .init(cacheFolder: cacheFolder))
        let url = server.url("remote.png")
        #expect(loader.image(for: url, maxWidth: 20, maxHeight: 20) == .loading)
        #expect(await eventually { if case .ready = loader.image(for: url, maxWidth: 20, maxHeight: 20) { return true }; return false })
        guard case .ready(let image) = loader.image(for: url, maxWidth: 20, maxHeight: 20) else { return }
        #expect(image.width == 20 && image.height == 10)
        let fetcher = ImageFetcher(cacheFolder: cacheFolder)
        let cached = try #require(fetcher.cachePath(for: URL(string: url)!))
        #expect(FileManager.default.contents(atPath: cached) == FileManager.default.contents(atPath: images.path("remote.png")))
    }

    /// `--no-fetch` against a server that is up and serves the image: the loader answers "not
    /// fetched" at once and still does after a while (no background fetch landed), while a
    /// loader that may fetch gets the same URL from the same server.
    @Test func noFetchLeavesAServedImageUnfetched() async throws {
        let images = TestImages()
        images.write("served.png", TestImages.gradient(width: 8, height: 8))
        let server = try await LocalServer.start(serving: images.folder)
        let url = server.url("served.png")
        let offline = ImageLoader(options: .init(fetch: false, cacheFolder: nil))
        #expect(offline.image(for: url, maxWidth: 8, maxHeight: 8) == .failed(.fetchDisabled))
        let online = ImageLoader(options: .init(cacheFolder: nil))
        _ = online.image(for: url, maxWidth: 8, maxHeight: 8)
        #expect(await eventually { if case .ready = online.image(for: url, maxWidth: 8, maxHeight: 8) { return true }; return false })
        #expect(offline.image(for: url, maxWidth: 8, maxHeight: 8) == .failed(.fetchDisabled))
        #expect(ImageError.fetchDisabled.description == "not fetched (--no-fetch)")
    }

    @Test func aMissingRemoteImageReportsTheStatus() async throws {
        let images = TestImages()
        let server = try await LocalServer.start(serving: images.folder)
        let loader = ImageLoader(options: .init(cacheFolder: nil))
        let url = server.url("nope.png")
        _ = loader.image(for: url, maxWidth: 20, maxHeight: 20)
        #expect(await eventually { loader.image(for: url, maxWidth: 20, maxHeight: 20) == .failed(.httpStatus(404)) })
        #expect(ImageError.httpStatus(404).description == "fetch failed: HTTP 404")
    }

    @Test func aServerThatNeverAnswersTimesOutWithoutBlockingTheCaller() async throws {
        let server = try await LocalServer.startSilent()
        let loader = ImageLoader(options: .init(cacheFolder: nil, fetchTimeout: 1))
        // Six requests against a server that never answers: every call answers at once (the
        // event loop asks on every frame), at most four connections are open at a time.
        let urls = (0 ..< 6).map { server.url("slow\($0).png") }
        for url in urls { #expect(loader.image(for: url, maxWidth: 20, maxHeight: 20) == .loading) }
        #expect(await eventually(timeout: 15) { urls.allSatisfy { loader.image(for: $0, maxWidth: 20, maxHeight: 20) == .failed(.timedOut(seconds: 1)) } })
    }

    @Test func atMostFourFetchesRunAtOnce() async throws {
        let server = try await LocalServer.startSilent()
        let fetcher = ImageFetcher(cacheFolder: nil, timeout: 5)
        for i in 0 ..< 7 { fetcher.fetch(URL(string: server.url("q\(i).png"))!) { _ in } }
        #expect(fetcher.outstanding == 7)
        #expect(fetcher.activeCount == 4)
    }
}
