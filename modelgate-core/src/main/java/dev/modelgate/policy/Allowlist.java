package dev.modelgate.policy;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What weight files legitimately import, modelled on torch's {@code weights_only} unpickler
 * ({@code torch/_weights_only_unpickler.py}, {@code _get_allowed_globals}) plus numpy's array
 * pickling and joblib's array wrapper. Matching is exact: a near-miss spelling is unlisted.
 */
final class Allowlist {
  private static final Set<String> NAMES = Set.of(
      "collections.OrderedDict", "collections.Counter",
      "torch.nn.parameter.Parameter", "torch.serialization._get_layout", "torch.Size",
      "torch.Tensor", "torch.device", "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
      "torch._tensor._rebuild_from_type_v2",
      "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_tensor_v3", "torch._utils._rebuild_parameter",
      "torch._utils._rebuild_parameter_with_state", "torch._utils._rebuild_qtensor",
      "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_nested_tensor",
      "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_wrapper_subclass",
      "torch._utils._rebuild_device_tensor_from_cpu_tensor",
      "torch._utils._rebuild_device_tensor_from_numpy",
      "torch.per_tensor_affine", "torch.per_tensor_symmetric", "torch.per_channel_affine",
      "torch.per_channel_symmetric", "torch.per_channel_affine_float_qparams",
      "_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.frozenset",
      "builtins.complex",
      "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
      "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar", "numpy.ndarray",
      "numpy.dtype", "joblib.numpy_pickle.NumpyArrayWrapper",
      // numpy's protocol-5 array pickling: _frombuffer(buffer, dtype, shape, order) only views
      // bytes as an array, like _reconstruct (object dtypes are refused by frombuffer itself).
      "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
      // builtins.slice(start, stop, step) only holds three values (ColumnTransformer columns).
      "builtins.slice",
      // Random states (sklearn estimators keep them): these ctors build a RandomState or
      // Generator around one of numpy's bit generators, chosen from a fixed table by name;
      // a callable argument is itself a global, so it is judged on its own.
      "numpy.random._pickle.__bit_generator_ctor", "numpy.random._pickle.__generator_ctor",
      "numpy.random._pickle.__randomstate_ctor",
      "numpy.random.bit_generator.__pyx_unpickle_SeedSequence",
      "numpy.random.bit_generator.SeedSequence",
      "numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64",
      "numpy.random._pcg64.PCG64DXSM", "numpy.random._philox.Philox",
      "numpy.random._sfc64.SFC64", "numpy.random.mtrand.RandomState",
      "numpy.random._generator.Generator",
      "joblib.numpy_pickle_compat.NDArrayWrapper");

  /** torch dtypes ({@code torch.float32}, {@code torch.bfloat16}, {@code torch.float8_e4m3fn}). */
  private static final Pattern TORCH_DTYPE = Pattern.compile(
      "torch\\.(u?int[0-9]{1,2}|float[0-9]+(_e[0-9]m[0-9][a-z]*|_e[0-9]m[0-9]fn_x2)?|bfloat16|half"
          + "|double|bool|complex(32|64|128)|q(u)?int[0-9]+(x[0-9])?|bits[0-9x]+|float4_e2m1fn_x2)");
  /** Legacy typed storages and tensor classes: {@code torch.FloatStorage}, {@code torch.cuda.HalfTensor}. */
  private static final Pattern TORCH_TYPES = Pattern.compile(
      "torch\\.(cuda\\.)?(sparse\\.)?(BFloat16|Bool|Byte|Char|ComplexDouble|ComplexFloat|Double"
          + "|Float|Half|Int|Long|Short|QInt32|QInt8|QUInt2x4|QUInt4x2|QUInt8)(Storage|Tensor)");
  /** numpy 2 pickles dtypes by their class, e.g. {@code numpy.dtypes.Float32DType}. */
  private static final Pattern NUMPY_DTYPES = Pattern.compile("numpy\\.dtypes\\.[A-Za-z0-9]+DType");
  /**
   * numpy scalar types ({@code numpy.float64}, stored as estimators' dtype parameters). They
   * convert one value; {@code numpy.void} is left out because {@code numpy.void(n)} allocates n
   * bytes.
   */
  private static final Pattern NUMPY_SCALARS = Pattern.compile("numpy\\.(bool_?|u?int(8|16|32|64"
      + "|c|p)?|u?longlong|u?short|u?byte|float(16|32|64|96|128)|complex(64|128|192|256)|half"
      + "|single|double|longdouble|csingle|cdouble|clongdouble|str_|bytes_|datetime64"
      + "|timedelta64)");

  private Allowlist() {}

  static boolean allows(String module, String name) {
    String q = module + "." + name;
    return NAMES.contains(q) || TORCH_DTYPE.matcher(q).matches()
        || TORCH_TYPES.matcher(q).matches() || NUMPY_DTYPES.matcher(q).matches()
        || NUMPY_SCALARS.matcher(q).matches();
  }
}
