package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Iterator;

import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * An {@link InputStream} over a {@code Flux<DataBuffer>} (an attachment
 * download), with three guarantees, each under a test
 * ({@code AttachmentInputStreamTest}):
 * <ul>
 * <li><b>errors on the caller's thread</b>, as they are: {@link #open} waits for
 * the first buffer, so a refused download (unknown attachment, no access) is
 * thrown by {@code openAttachment} itself; a failure after some bytes is thrown
 * by the {@code read} that reaches it, once the bytes before it were read. Both
 * are the client's {@link PryvException}s (a cut transfer is a
 * {@link PryvClientException} with {@link PryvClientException#getTransportFailure()}),
 * never wrapped;</li>
 * <li><b>cancel on close</b>: {@link #close()} cancels the transfer, and the
 * connection is let go before the end of the file;</li>
 * <li><b>bounded prefetch</b>: at most {@value #PREFETCH} buffers are read
 * ahead of the caller (Reactor's {@link Flux#toStream(int)}), so the platform
 * is held back by TCP when the caller reads slowly.</li>
 * </ul>
 * <p>
 * Why not Spring Framework 7's {@code DataBufferUtils.subscriberInputStream(publisher, demand)}:
 * it keeps the cancel on close and the bounded prefetch, but
 * <ol>
 * <li>a caller's thread that is interrupted while it waits for the next bytes
 * does not stop: its wait ({@code LockSupport.park()} in a loop that only
 * checks for new data) returns at once while the interrupt flag is set, so the
 * thread spins on a CPU core until the platform sends more bytes (with no read
 * timeout, for ever), and the interrupt is never reported. This stream throws an
 * {@link InterruptedIOException} (interrupt flag kept) and cancels the
 * transfer;</li>
 * <li>it throws a refused download only on the first {@code read}, not when the
 * stream is opened;</li>
 * <li>{@code read(byte[], int, int)} waits until the whole array is filled (or
 * the end), rather than handing over what has arrived.</li>
 * </ol>
 * The test runs the same checks on both, and shows the first two differences.
 */
final class DataBufferInputStream extends InputStream {

	/** Buffers read ahead of the caller at most. */
	static final int PREFETCH = 4;

	private final java.util.stream.Stream<DataBuffer> stream;

	private final Iterator<DataBuffer> buffers;

	private DataBuffer current;

	private boolean closed;

	private DataBufferInputStream(java.util.stream.Stream<DataBuffer> stream) {
		this.stream = stream;
		this.buffers = stream.iterator();
	}

	/**
	 * Subscribe and wait for the first buffer (or the end, or the error), so that
	 * an error answer is thrown here rather than on the first read.
	 * @throws PryvException the download's error
	 * @throws PryvClientException if the thread is interrupted while waiting
	 */
	static DataBufferInputStream open(Flux<DataBuffer> flux) {
		DataBufferInputStream in = new DataBufferInputStream(
				flux.doOnDiscard(DataBuffer.class, DataBufferUtils::release).toStream(PREFETCH));
		try {
			in.hasNext();
		}
		catch (InterruptedIOException ex) {
			throw new PryvClientException(ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			in.close();
			throw ex;
		}
		return in;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xFF);
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		if (this.closed) {
			throw new IOException("The attachment stream is closed");
		}
		if (length == 0) {
			return 0;
		}
		while (this.current == null || this.current.readableByteCount() == 0) {
			if (this.current != null) {
				DataBufferUtils.release(this.current);
				this.current = null;
			}
			if (!hasNext()) {
				return -1;
			}
			this.current = this.buffers.next();
		}
		int n = Math.min(length, this.current.readableByteCount());
		this.current.read(target, offset, n);
		return n;
	}

	/**
	 * Wait for the next buffer. Reactor reports an interrupted wait as an
	 * unchecked wrapper of {@link InterruptedException} (after cancelling the
	 * transfer): it becomes what an {@code InputStream} throws for it.
	 */
	private boolean hasNext() throws InterruptedIOException {
		try {
			return this.buffers.hasNext();
		}
		catch (RuntimeException ex) {
			if (Exceptions.unwrap(ex) instanceof InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				close();
				InterruptedIOException io = new InterruptedIOException(
						"The attachment download was interrupted while waiting for the next bytes");
				io.initCause(interrupted);
				throw io;
			}
			throw ex;
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.current != null) {
			DataBufferUtils.release(this.current);
			this.current = null;
		}
		this.stream.close();
	}

}
