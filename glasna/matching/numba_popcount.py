"""LLVM's ctpop as a numba intrinsic, shared by the index's kernels and the batch matcher.

It compiles to one POPCNT (VPOPCNTQ once LLVM vectorises a loop over it), where numba has no
popcount of its own. Made on first use: importing Glasna must not pay numba's start-up."""

from functools import cache
from typing import Any


@cache
def popcount(word_type: str) -> Any:
    """The intrinsic over one 64-bit word, typed "uint64" or "int64" (the kernel's columns)."""
    from llvmlite import ir
    from numba import types
    from numba.core.extending import intrinsic

    numba_type = getattr(types, word_type)

    def _ctpop(typingctx: Any, x: Any) -> Any:  # noqa: ARG001 - numba's intrinsic signature
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:  # noqa: ARG001
            return builder.call(builder.module.declare_intrinsic("llvm.ctpop", [ir.IntType(64)]), args)

        return numba_type(numba_type), codegen

    return intrinsic(_ctpop)
