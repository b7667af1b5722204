package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * An {@link InputStream} over a {@code Flux<DataBuffer>}, read on the caller's
 * thread a few buffers ahead at most; {@link #close()} cancels the transfer.
 * Errors of the flux are thrown as they are (a {@link PryvException}).
 */
final class DataBufferInputStream extends InputStream {

	private static final int PREFETCH = 4;

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
	 */
	static DataBufferInputStream open(Flux<DataBuffer> flux) {
		DataBufferInputStream in = new DataBufferInputStream(
				flux.doOnDiscard(DataBuffer.class, DataBufferUtils::release).toStream(PREFETCH));
		try {
			in.buffers.hasNext();
		}
		catch (RuntimeException ex) {
			in.stream.close();
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
			if (!this.buffers.hasNext()) {
				return -1;
			}
			this.current = this.buffers.next();
		}
		int n = Math.min(length, this.current.readableByteCount());
		this.current.read(target, offset, n);
		return n;
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
