import Testing
@testable import TermUI
