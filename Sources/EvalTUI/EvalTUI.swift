import EvalCore
import TermUI
