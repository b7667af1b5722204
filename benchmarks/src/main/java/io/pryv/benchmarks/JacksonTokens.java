package io.pryv.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteBufferFeeder;
import tools.jackson.core.json.JsonFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A reference for the streaming benchmark: an {@code events.get} answer read
 * token by token by Jackson's non-blocking parser, the way the issue first
 * suggested to stream events, but building nothing: every token is read and
 * dropped, only the event objects are counted. It runs on the same two threads
 * as our client (the event loop receives, a {@code boundedElastic} worker reads
 * up to 64 buffers behind), and the parser reads Netty's buffers in place (no
 * copy). What it costs is what any event reader built on a general JSON
 * tokenizer pays before it makes a single {@code Event}.
 */
final class JacksonTokens {

	private static final JsonFactory FACTORY = JsonFactory.builder().build();

	private JacksonTokens() {
	}

	/**
	 * @param answer the body of an {@code events.get} answer
	 * @return how many objects its root {@code events} array holds
	 */
	static long count(Flux<DataBuffer> answer) {
		JsonParser parser = FACTORY.createNonBlockingByteBufferParser(ObjectReadContext.empty());
		ByteBufferFeeder feeder = (ByteBufferFeeder) parser.nonBlockingInputFeeder();
		Counter counter = new Counter(parser);
		answer.publishOn(Schedulers.boundedElastic(), 64).doOnNext((DataBuffer buffer) -> {
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				while (buffers.hasNext()) {
					ByteBuffer bytes = buffers.next();
					feeder.feedInput(bytes);
					counter.readAvailable();
				}
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).blockLast();
		feeder.endOfInput();
		counter.readAvailable();
		parser.close();
		return counter.events.get();
	}

	/** Reads the tokens fed so far; counts the objects at depth 2 under the root key {@code events}. */
	private static final class Counter {

		private final JsonParser parser;

		private final AtomicLong events = new AtomicLong();

		private int depth;

		private boolean inEvents;

		Counter(JsonParser parser) {
			this.parser = parser;
		}

		void readAvailable() {
			JsonToken token;
			while ((token = this.parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
				switch (token) {
					case START_OBJECT, START_ARRAY -> {
						if (token == JsonToken.START_OBJECT && this.depth == 2 && this.inEvents) {
							this.events.incrementAndGet();
						}
						this.depth++;
					}
					case END_OBJECT, END_ARRAY -> this.depth--;
					case PROPERTY_NAME -> {
						if (this.depth == 1) {
							this.inEvents = "events".equals(this.parser.currentName());
						}
					}
					default -> {
					}
				}
			}
		}

	}

}
