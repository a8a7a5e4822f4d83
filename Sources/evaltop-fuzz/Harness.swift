// libFuzzer harness for evaltop's parsers, built only by scripts/fuzz.sh, which passes
// `-sanitize=fuzzer,address -D FUZZING` (see FUZZING.md). `EVALTOP_FUZZ_TARGET` picks the target.
//
// `main` hands over to libFuzzer's driver (`LLVMFuzzerRunDriver`) rather than letting
// libFuzzer supply `main`: SwiftPM links every executable's `main` under its own name, so the
// harness has to have one. In an ordinary build it only explains how to run it, so that
// `swift build` (which builds every product) still links.
import Foundation
#if FUZZING
@testable import EvalCore

/// The target chosen once per process (libFuzzer runs one target per process).
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["EVALTOP_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("set EVALTOP_FUZZ_TARGET to one of: \(names)")
    }
    return target
}()

private func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    target.run(bytes)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzer(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
@main enum FuzzUsage {
    static func main() {
        print("evaltop-fuzz is a libFuzzer harness; build and run it with scripts/fuzz.sh [TARGET] [SECONDS].")
    }
}
#endif
