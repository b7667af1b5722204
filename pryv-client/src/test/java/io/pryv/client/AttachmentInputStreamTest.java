package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The guarantees of {@link PryvConnection#openAttachment}'s stream, checked on a
 * real download (WireMock, or a raw socket server for what WireMock cannot do:
 * a body cut or paused mid-way, an endless body), for our
 * {@link DataBufferInputStream} and, side by side, for Spring Framework 7's
 * {@code DataBufferUtils.subscriberInputStream}: errors on the caller's thread
 * with the client's error model, cancel on close, bounded prefetch. The last test
 * shows why ours is kept: an interrupted reader.
 */
@WireMockTest
class AttachmentInputStreamTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	/** The two ways of turning the download into an {@link InputStream}. */
	enum Bridge {

		/** Ours, what {@code openAttachment} uses. */
		OURS {
			@Override
			InputStream open(Flux<DataBuffer> download) {
				return DataBufferInputStream.open(download);
			}
		},

		/** Spring Framework 7's, with the same number of buffers ahead. */
		SPRING {
			@Override
			InputStream open(Flux<DataBuffer> download) {
				return DataBufferUtils.subscriberInputStream(
						download.doOnDiscard(DataBuffer.class, DataBufferUtils::release),
						DataBufferInputStream.PREFETCH);
			}
		};

		abstract InputStream open(Flux<DataBuffer> download);

	}

	private String wireMockBase;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.wireMockBase = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.wireMockBase);
	}

	private PryvConnection connectionTo(String apiBase) {
		return new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(this.wireMockBase + "/reg/service/info").build())
			.connect(ApiEndpoint.of(apiBase + "/" + USER + "/", TOKEN));
	}

	// errors on the caller's thread, as the client's exceptions

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void aRefusedDownloadIsThePlatformsErrorOnTheCallersThread(Bridge bridge) {
		stubFor(get(urlEqualTo("/" + USER + "/events/ev1/nope")).willReturn(aResponse().withStatus(404)
			.withHeader("content-type", "application/json; charset=utf-8")
			.withBody("{\"error\":{\"id\":\"unknown-resource\",\"message\":\"Unknown attachment \\\"nope\\\"\"}}")));
		PryvConnection connection = connectionTo(this.wireMockBase);
		AtomicReference<String> step = new AtomicReference<>("open");
		Throwable error = catchThrowable(() -> {
			try (InputStream in = bridge.open(connection.reactive().attachment("ev1", "nope"))) {
				step.set("read");
				in.read();
			}
		});
		assertThat(error).isInstanceOf(PryvApiException.class).hasMessageNotContaining(TOKEN);
		PryvApiException api = (PryvApiException) error;
		assertThat(api.getId()).isEqualTo("unknown-resource");
		assertThat(api.getHttpStatus()).isEqualTo(404);
		// ours already refuses when opened (what openAttachment promises); Spring's only on the first read
		assertThat(step.get()).isEqualTo((bridge == Bridge.OURS) ? "open" : "read");
	}

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void aTransferCutMidwayIsAResetAfterTheBytesBeforeIt(Bridge bridge) throws IOException {
		byte[] file = new byte[100_000];
		Arrays.fill(file, (byte) 'x');
		try (FaultyHttpServer platform = new FaultyHttpServer(file, 30_000, FaultyHttpServer.Then.RESET_AFTER_PAUSE, 500)) {
			PryvConnection connection = connectionTo(platform.baseUrl());
			AtomicLong received = new AtomicLong();
			Throwable error = catchThrowable(() -> {
				try (InputStream in = bridge.open(connection.reactive().attachment("ev1", "att1"))) {
					byte[] chunk = new byte[1024];
					int n;
					while ((n = in.read(chunk)) >= 0) {
						received.addAndGet(n);
					}
				}
			});
			assertThat(error).isInstanceOf(PryvClientException.class)
				.hasMessageContaining("attachment download")
				.hasMessageNotContaining(TOKEN);
			assertThat(((PryvClientException) error).getTransportFailure()).isEqualTo(TransportFailure.RESET);
				assertThat(received.get()).as("bytes read before the error").isEqualTo(30_000);
			assertThat(platform.requests()).as("a download cut after its first bytes is not retried").isEqualTo(1);
		}
	}

	@Test
	void openAttachmentThrowsTheCutAsTheClientsErrorAndWriteAttachmentKeepsTheBytesBeforeIt() throws IOException {
		byte[] file = new byte[10_000];
		try (FaultyHttpServer platform = new FaultyHttpServer(file, 4_000, FaultyHttpServer.Then.RESET_AFTER_PAUSE, 500)) {
			CountingOutputStream out = new CountingOutputStream();
			Throwable error = catchThrowable(() -> connectionTo(platform.baseUrl()).writeAttachment("ev1", "att1", out));
			assertThat(error).isInstanceOf(PryvClientException.class);
			assertThat(((PryvClientException) error).getTransportFailure()).isEqualTo(TransportFailure.RESET);
			assertThat(out.count).isEqualTo(4_000);
		}
	}

	// cancel on close

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void closingEarlyStopsTheTransfer(Bridge bridge) throws Exception {
		try (EndlessFileServer platform = new EndlessFileServer()) {
			PryvConnection connection = connectionTo(platform.baseUrl());
			InputStream in = bridge.open(connection.reactive().attachment("ev1", "att1"));
			assertThat(in.readNBytes(10)).hasSize(10);
			in.close();
			assertThat(platform.clientWentAway.await(20, TimeUnit.SECONDS))
				.as("the platform sees the download stop after close()").isTrue();
			assertThat(platform.written.get()).isLessThan(EndlessFileServer.LENGTH);
		}
	}

	@Test
	void openAttachmentClosedEarlyStopsTheTransfer() throws Exception {
		try (EndlessFileServer platform = new EndlessFileServer()) {
			try (InputStream in = connectionTo(platform.baseUrl()).openAttachment("ev1", "att1")) {
				assertThat(in.read()).isEqualTo('x');
			}
			assertThat(platform.clientWentAway.await(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	// bounded prefetch

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void aSlowReaderHoldsBackThePlatform(Bridge bridge) throws Exception {
		try (EndlessFileServer platform = new EndlessFileServer()) {
			PryvConnection connection = connectionTo(platform.baseUrl());
			try (InputStream in = bridge.open(connection.reactive().attachment("ev1", "att1"))) {
				assertThat(in.read()).isEqualTo('x');
				long settled = settle(platform.written);
				// a few buffers ahead plus the loopback socket buffers, far from the 4 GiB offered
				assertThat(settled).as("bytes the platform could send while the reader waits")
					.isLessThan(64L * 1024 * 1024);
				long more = in.readNBytes(1024 * 1024).length;
				assertThat(more).isEqualTo(1024 * 1024);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void atMostAFewBuffersAreReadAhead(Bridge bridge) throws IOException {
		AtomicInteger produced = new AtomicInteger();
		Flux<DataBuffer> endless = Flux.<DataBuffer>generate((sink) -> {
			produced.incrementAndGet();
			sink.next(DefaultDataBufferFactory.sharedInstance.wrap(new byte[8192]));
		});
		try (InputStream in = bridge.open(endless)) {
			in.readNBytes(8192 * 3 + 1);
			await(Duration.ofMillis(300));
			assertThat(produced.get()).as("buffers produced for a reader that consumed 4").isLessThanOrEqualTo(4 + 4);
		}
	}

	// the difference: an interrupted reader

	@ParameterizedTest
	@EnumSource(Bridge.class)
	void anInterruptedReaderStopsWaiting(Bridge bridge) throws Exception {
		byte[] file = new byte[1000];
		try (FaultyHttpServer platform = new FaultyHttpServer(file, 10, FaultyHttpServer.Then.STALL, 60_000)) {
			PryvConnection connection = connectionTo(platform.baseUrl());
			InputStream in = bridge.open(connection.reactive().attachment("ev1", "att1"));
			AtomicReference<Object> outcome = new AtomicReference<>();
			Thread reader = new Thread(() -> {
				try {
					byte[] chunk = new byte[10];
					in.readNBytes(chunk, 0, 10);
					outcome.set(in.read()); // the platform pauses here
				}
				catch (Throwable ex) {
					outcome.set(ex);
				}
			}, "attachment-reader");
			reader.start();
			await(Duration.ofMillis(500));
			reader.interrupt();
			reader.join((bridge == Bridge.OURS) ? 10_000 : 3_000);
			if (bridge == Bridge.OURS) {
				assertThat(reader.isAlive()).isFalse();
				assertThat(outcome.get()).isInstanceOf(InterruptedIOException.class);
				in.close();
			}
			else {
				// Spring's stream parks in a loop: interrupted, park() returns at once, so the thread
				// spins, still inside read(), until the platform sends more (here, for a minute)
				assertThat(reader.isAlive()).as("still in read() 3 s after the interrupt").isTrue();
				assertThat(reader.getState()).as("spinning, not parked").isEqualTo(Thread.State.RUNNABLE);
				in.close(); // lets it go
				reader.join(10_000);
				assertThat(reader.isAlive()).isFalse();
				assertThat(outcome.get()).as("the interrupt is never reported").isEqualTo(-1);
			}
		}
	}

	/** Wait until the count stops growing for a second (at most 20 s), and give it. */
	private static long settle(AtomicLong count) {
		long last = -1;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			long now = count.get();
			if (now == last) {
				return now;
			}
			last = now;
			await(Duration.ofSeconds(1));
		}
		return count.get();
	}

	private static void await(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Counts what is written. */
	private static final class CountingOutputStream extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

	/**
	 * A platform serving a 4 GiB attachment as fast as the client takes it,
	 * counting the bytes written and noticing when the client goes away.
	 */
	private static final class EndlessFileServer implements AutoCloseable {

		static final long LENGTH = 4L * 1024 * 1024 * 1024;

		final AtomicLong written = new AtomicLong();

		final CountDownLatch clientWentAway = new CountDownLatch(1);

		private final ServerSocket server;

		EndlessFileServer() throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(this::serveOne, "endless-file-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		private void serveOne() {
			try (Socket socket = this.server.accept()) {
				FaultyHttpServer.readRequestHead(socket.getInputStream());
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + LENGTH
						+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				byte[] chunk = new byte[64 * 1024];
				Arrays.fill(chunk, (byte) 'x');
				while (this.written.get() < LENGTH) {
					out.write(chunk);
					this.written.addAndGet(chunk.length);
				}
			}
			catch (IOException ex) {
				this.clientWentAway.countDown();
			}
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
