package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for the faults WireMock cannot make: it answers every
 * request with status 200, a {@code Content-Length} for the whole body, the
 * first part of the body, and then either resets the connection (RST, no more
 * bytes) or waits before sending the rest (a body that stalls between chunks).
 */
final class FaultyHttpServer implements AutoCloseable {

	/** What happens after the first part of the body. */
	enum Then {

		/** The connection is reset. */
		RESET,

		/**
		 * The connection is reset after {@code stallMillis}, once the client has
		 * surely read the first part (a reset right away may make the client's
		 * system drop what it had not read yet).
		 */
		RESET_AFTER_PAUSE,

		/** The rest comes after {@code stallMillis}. */
		STALL

	}

	private final ServerSocket server;

	private final AtomicInteger requests = new AtomicInteger();

	private final Thread acceptor;

	FaultyHttpServer(byte[] body, int firstPart, Then then, long stallMillis) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					Thread worker = new Thread(() -> answer(socket, body, firstPart, then, stallMillis));
					worker.setDaemon(true);
					worker.start();
				}
				catch (IOException ex) {
					return; // closed
				}
			}
		}, "faulty-http-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private void answer(Socket socket, byte[] body, int firstPart, Then then, long stallMillis) {
		try (socket) {
			readRequestHead(socket.getInputStream());
			this.requests.incrementAndGet();
			OutputStream out = socket.getOutputStream();
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, firstPart);
			out.flush();
			if (then == Then.RESET_AFTER_PAUSE) {
				Thread.sleep(stallMillis);
			}
			if (then == Then.RESET || then == Then.RESET_AFTER_PAUSE) {
				socket.setSoLinger(true, 0); // close() sends RST
				return;
			}
			Thread.sleep(stallMillis);
			out.write(body, firstPart, body.length - firstPart);
			out.flush();
		}
		catch (IOException | InterruptedException ex) {
			// the client went away
		}
	}

	static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	/** @return {@code http://127.0.0.1:<port>} */
	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** @return how many requests were received */
	int requests() {
		return this.requests.get();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
