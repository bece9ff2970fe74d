/**
 * Converting pickle checkpoints to safetensors without executing them.
 *
 * <p>The pickle machine ({@link dev.modelgate.format.pickle}) describes every call a checkpoint
 * would make; the allowlisted tensor-rebuild calls ({@code torch._utils._rebuild_tensor_v2} and
 * friends) are read as data — storage, offset, size, stride, dtype — and each tensor's bytes are
 * copied file to file ({@code FileChannel.transferTo} from stored zip members), made contiguous
 * and little-endian on the way. Inputs are scanned first and refused unless clean.
 *
 * <p>Supported inputs: PyTorch zip (any top folder), legacy ({@code
 * _use_new_zipfile_serialization=False}) and legacy TAR checkpoints, numpy {@code .npy}/{@code
 * .npz}, and Hugging Face folders ({@code pytorch_model.bin} or shards with an index), the latter
 * through {@link dev.modelgate.convert.Converter}.
 *
 * <pre>{@code
 * try (Checkpoint ckpt = Checkpoint.open(Path.of("model.pt"))) {   // scans; throws if not clean
 *   for (TensorInfo t : ckpt.tensors()) {
 *     System.out.println(t.name() + " " + t.dtype() + " " + t.shape() + " " + t.byteLength());
 *   }
 *   ByteBuffer w = ckpt.read("encoder.weight");   // contiguous little-endian, at most 2 GiB
 *   ckpt.writeSafetensors(Path.of("model.safetensors"));
 * } catch (RefusedException e) {
 *   System.err.println(e.getMessage());            // names the scan's findings
 * }
 *
 * // a whole Hugging Face folder, tied weights written once:
 * Converter.convert(Path.of("my-model"), null,
 *     new Converter.Options(Policy.defaults(), true, false));
 * }</pre>
 *
 * <p>Outputs carry {@code __metadata__} {@code format: pt} and the source's {@code
 * source_sha256}, computed on a second thread while the tensors are copied and patched into the
 * fixed-size header afterwards.
 */
package dev.modelgate.convert;
