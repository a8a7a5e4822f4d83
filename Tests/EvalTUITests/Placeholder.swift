import Testing
@testable import EvalTUI
