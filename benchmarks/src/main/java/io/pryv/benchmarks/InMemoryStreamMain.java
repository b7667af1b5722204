package io.pryv.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Streams N events through {@code ReactivePryvConnection.events(query)} from an
 * answer generated in memory (no network, no server): what the reading of the
 * events costs by itself, Reactor's hand-over of each event included. The answer
 * is the recorded 5,000 events of {@code events-get-5000.body.json} repeated, in
 * chunks of a given size, as {@link LoopbackEventsServer} serves it.
 * <p>
 * Usage: {@code InMemoryStreamMain [events (a multiple of 5000, default 1000000)] [chunk bytes (default 65536)] [rounds (default 5)]};
 * prints one line per round.
 */
public final class InMemoryStreamMain {

	private InMemoryStreamMain() {
	}

	public static void main(String[] args) throws IOException {
		long events = (args.length > 0) ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
		int chunk = (args.length > 1) ? Integer.parseInt(args[1]) : 64 * 1024;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		Answer answer = Answer.of(events);
		WebClient inMemory = WebClient.builder()
			.exchangeFunction((request) -> Mono.just(ClientResponse.create(HttpStatus.OK)
				.header("Content-Type", "application/json")
				.body(answer.chunks(chunk))
				.build()))
			.build();
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "in-memory", "api", "http://in-memory.invalid/{username}/"))
			.webClient(inMemory)
			.build();
		ReactivePryvConnection connection = new PryvConnectionFactory(service)
			.connect("http://in-memory-token@in-memory.invalid/bench/")
			.reactive();
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			Long count = connection.events(EventsQuery.all()).count().block();
			long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
			System.out.printf("round %d: %,d events in %d ms = %,d events/s, %.0f MB/s (chunks of %,d bytes)%n", round,
					count, ms, count * 1000 / ms, answer.size() / 1e6 / (ms / 1000.0), chunk);
		}
	}

	/** The answer's bytes as segments: the prefix, the first block, then ("," + block) repeated, then meta. */
	private record Answer(List<byte[]> segments, long repeats, long size) {

		static Answer of(long events) throws IOException {
			if (events <= 0 || events % 5000 != 0) {
				throw new IllegalArgumentException("The number of events must be a positive multiple of 5000");
			}
			byte[] recorded;
			try (InputStream in = InMemoryStreamMain.class.getResourceAsStream("/events-get-5000.body.json")) {
				recorded = in.readAllBytes();
			}
			String text = new String(recorded, StandardCharsets.ISO_8859_1);
			int start = text.indexOf('[') + 1;
			int end = text.lastIndexOf("], \"meta\"");
			byte[] prefix = Arrays.copyOfRange(recorded, 0, start);
			byte[] block = Arrays.copyOfRange(recorded, start, end);
			byte[] next = new byte[block.length + 1];
			next[0] = ',';
			System.arraycopy(block, 0, next, 1, block.length);
			byte[] suffix = Arrays.copyOfRange(recorded, end, recorded.length);
			long repeats = events / 5000 - 1;
			long size = prefix.length + block.length + repeats * next.length + suffix.length;
			return new Answer(List.of(prefix, block, next, suffix), repeats, size);
		}

		/** @return the answer cut into chunks of {@code size} bytes, made as they are requested */
		Flux<DataBuffer> chunks(int size) {
			return Flux.generate(Cursor::new, (cursor, sink) -> {
				byte[] bytes = new byte[(int) Math.min(size, this.size - cursor.offset)];
				int filled = 0;
				while (filled < bytes.length) {
					byte[] segment = segment(cursor.segment);
					int count = Math.min(bytes.length - filled, segment.length - cursor.inSegment);
					System.arraycopy(segment, cursor.inSegment, bytes, filled, count);
					filled += count;
					cursor.inSegment += count;
					if (cursor.inSegment == segment.length) {
						cursor.inSegment = 0;
						cursor.segment = switch (cursor.segment) {
							case 0 -> 1;
							case 1 -> (this.repeats > 0) ? 2 : 3;
							default -> (++cursor.repeated < this.repeats) ? 2 : 3;
						};
					}
				}
				cursor.offset += filled;
				sink.next(DefaultDataBufferFactory.sharedInstance.wrap(bytes));
				if (cursor.offset == this.size) {
					sink.complete();
				}
				return cursor;
			});
		}

		private byte[] segment(int index) {
			return this.segments.get(index);
		}

	}

	/** Where the generation of an answer is. */
	private static final class Cursor {

		long offset;

		int segment;

		int inSegment;

		long repeated;

	}

}
