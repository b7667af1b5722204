package io.pryv.client;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

/**
 * Wire logging for Pryv's HTTP client that never shows a token.
 * <p>
 * Reactor Netty's own {@code HttpClient.wiretap(true)} logs every byte sent
 * and received: the {@code Authorization} header (the bare access token), login
 * answers with tokens, passwords, and the health data itself. It has no way to
 * mask any of it: never turn it on for Pryv's client. Use this instead, under the
 * logger {@code io.pryv.client.wire} at DEBUG: the request and status lines and
 * the headers of each message, with the values of {@code Authorization},
 * {@code Cookie} and {@code Set-Cookie} replaced by {@code ***} and the
 * {@code readToken} of URLs masked; bodies are never shown, only their sizes.
 *
 * <pre>{@code
 * HttpClient http = PryvWireLogging.apply(HttpClient.create());
 * PryvService.builder().webClient(WebClient.builder()
 *     .clientConnector(new ReactorClientHttpConnector(http)).build())
 * }</pre>
 */
public final class PryvWireLogging {

	/** The logger the traffic goes to. */
	public static final String LOGGER_NAME = "io.pryv.client.wire";

	private static final Pattern SECRET_HEADER = Pattern.compile("(?im)^((?:authorization|cookie|set-cookie)\\s*:\\s*)[^\\r\\n]*");

	private static final Pattern HEAD_START = Pattern.compile("HTTP/1\\.[01] |(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) ");

	private static final Pattern READ_TOKEN = Pattern.compile("(?i)(readToken=)[^&\\s#]+");

	private PryvWireLogging() {
	}

	/**
	 * @param client the HTTP client
	 * @return the client, logging its traffic with secrets masked
	 */
	public static HttpClient apply(HttpClient client) {
		return client.doOnChannelInit((observer, channel, address) -> channel.pipeline()
			.addFirst(NettyPipeline.LoggingHandler + ".pryv", new MaskingLoggingHandler()));
	}

	/**
	 * @param text a piece of HTTP traffic
	 * @return the text with secret header values and read tokens replaced by {@code ***}
	 */
	static String mask(String text) {
		return READ_TOKEN.matcher(SECRET_HEADER.matcher(text).replaceAll("$1***")).replaceAll("$1***");
	}

	/** Netty's logging handler, each message formatted as masked text. */
	static final class MaskingLoggingHandler extends LoggingHandler {

		MaskingLoggingHandler() {
			super(LOGGER_NAME, LogLevel.DEBUG);
		}

		@Override
		protected String format(ChannelHandlerContext ctx, String eventName, Object arg) {
			ByteBuf bytes = (arg instanceof ByteBuf buf) ? buf
					: (arg instanceof ByteBufHolder holder) ? holder.content() : null;
			if (bytes == null) {
				return mask(super.format(ctx, eventName, arg));
			}
			return ctx.channel() + " " + eventName + ": " + describe(bytes);
		}

		/** The head of an HTTP message, masked, and the size of what follows; a body part's size only. */
		static String describe(ByteBuf bytes) {
			int size = bytes.readableBytes();
			String start = bytes.toString(bytes.readerIndex(), Math.min(size, 16), StandardCharsets.ISO_8859_1);
			if (!HEAD_START.matcher(start).lookingAt()) {
				return size + "B of body";
			}
			String text = bytes.toString(bytes.readerIndex(), size, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			int body = (end >= 0) ? size - end - 4 : 0;
			return size + "B\n" + mask(head) + "\n(" + body + "B of body)";
		}

		@Override
		protected String format(ChannelHandlerContext ctx, String eventName, Object first, Object second) {
			return mask(super.format(ctx, eventName, first, second));
		}

		@Override
		protected String format(ChannelHandlerContext ctx, String eventName) {
			return mask(super.format(ctx, eventName));
		}

	}

}
