package io.pryv.client;

import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLException;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.pryv.client.observation.PryvObservationDocumentation;
import io.pryv.client.observation.PryvObservationDocumentation.RetryKeys;

/**
 * Retries of idempotent requests by a {@link RetryPolicy}, with Reactor's
 * {@link Retry#backoff}: which failures are worth another attempt, the wait a
 * {@code Retry-After} asks for, and one {@code pryv.http.retry} observation per
 * retry. Writes never come here.
 */
final class IdempotentRetry {

	private final RetryPolicy policy;

	private final ObservationRegistry registry;

	IdempotentRetry(RetryPolicy policy, ObservationRegistry registry) {
		this.policy = (policy != null) ? policy : RetryPolicy.DEFAULT;
		this.registry = (registry != null) ? registry : ObservationRegistry.NOOP;
	}

	RetryPolicy policy() {
		return this.policy;
	}

	/** @return whether an answer with this status is tried again (when the request is idempotent) */
	static boolean isRetryableStatus(int status) {
		return status == 502 || status == 503 || status == 504 || status == 429;
	}

	/**
	 * A request failed before any byte of its answer, in a way another attempt may
	 * cure: connection refused, reset or closed, connect timeout. Read timeouts,
	 * unknown hosts and TLS failures are not.
	 */
	static boolean isRetryableTransport(Throwable error) {
		if (!(error instanceof WebClientRequestException)) {
			return false; // an error while the answer was read: some bytes came
		}
		for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownHostException || cause instanceof SSLException) {
				return false;
			}
			if (cause instanceof IOException || cause instanceof io.netty.channel.ConnectTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * @return the wait an answer's {@code Retry-After} asks for (seconds or an
	 * HTTP date), capped by the policy; zero when absent or unreadable
	 */
	Duration retryAfter(HttpHeaders headers) {
		String value = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
		if (value == null || value.isBlank()) {
			return Duration.ZERO;
		}
		Duration wait;
		try {
			wait = Duration.ofSeconds(Long.parseLong(value.strip()));
		}
		catch (NumberFormatException ex) {
			try {
				wait = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
			}
			catch (DateTimeParseException notADate) {
				return Duration.ZERO;
			}
		}
		if (wait.isNegative()) {
			return Duration.ZERO;
		}
		return (wait.compareTo(this.policy.maxRetryAfter()) > 0) ? this.policy.maxRetryAfter() : wait;
	}

	/**
	 * Retry a request whose every attempt is {@code attempt}. A
	 * {@link RetryableStatus} left after the last retry is the caller's to
	 * {@linkplain RetryableStatus#resume resume} as any other answer.
	 */
	<T> Mono<T> retry(Mono<T> attempt, HttpMethod method) {
		if (!this.policy.enabled()) {
			return attempt;
		}
		return attempt.retryWhen(spec(method, () -> true));
	}

	/**
	 * Retry a stream only while it has emitted nothing: once an item is out, a
	 * failure is the caller's to see, never hidden behind a second transfer.
	 */
	<T> Flux<T> retry(Flux<T> attempt, HttpMethod method) {
		if (!this.policy.enabled()) {
			return attempt;
		}
		return Flux.defer(() -> {
			AtomicBoolean emitted = new AtomicBoolean();
			return attempt.doOnNext((item) -> emitted.set(true)).retryWhen(spec(method, () -> !emitted.get()));
		});
	}

	private RetryBackoffSpec spec(HttpMethod method, java.util.function.BooleanSupplier nothingDelivered) {
		return Retry.backoff(this.policy.maxRetries(), this.policy.firstBackoff())
			.maxBackoff(this.policy.maxBackoff())
			.jitter(this.policy.jitter())
			.filter((error) -> nothingDelivered.getAsBoolean()
					&& (error instanceof RetryableStatus || isRetryableTransport(error)))
			.doBeforeRetryAsync((signal) -> (signal.failure() instanceof RetryableStatus status
					&& !status.retryAfter().isZero()) ? Mono.delay(status.retryAfter()).then() : Mono.empty())
			.doBeforeRetry((signal) -> observe(method, signal.failure(), signal.totalRetries() + 1))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private void observe(HttpMethod method, Throwable failure, long attempt) {
		if (this.registry.isNoop()) {
			return;
		}
		String reason = (failure instanceof RetryableStatus status) ? "http-" + status.status()
				: (hasConnectCause(failure) ? "connect" : "reset");
		Observation.createNotStarted(PryvObservationDocumentation.HTTP_RETRY.getName(), this.registry)
			.contextualName(PryvObservationDocumentation.HTTP_RETRY.getContextualName())
			.lowCardinalityKeyValues(KeyValues.of(RetryKeys.HTTP_METHOD.withValue(method.name()),
					RetryKeys.REASON.withValue(reason)))
			.highCardinalityKeyValue(RetryKeys.ATTEMPT.withValue(String.valueOf(attempt)))
			.observe(() -> {
			});
	}

	private static boolean hasConnectCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * An answer with a status worth another attempt (502, 503, 504, 429). It
	 * carries what the answer was read as, so that when no attempt is left the
	 * caller reads it as any other answer.
	 */
	static final class RetryableStatus extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int status;

		private final transient Duration retryAfter;

		private final transient Object answer;

		private final Throwable readError;

		RetryableStatus(int status, Duration retryAfter, Object answer, Throwable readError) {
			super("HTTP " + status, null, false, false);
			this.status = status;
			this.retryAfter = retryAfter;
			this.answer = answer;
			this.readError = readError;
		}

		int status() {
			return this.status;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

		/** @return the answer as read, to be handled as if it had not been retried */
		<T> Mono<T> resume(Class<T> type) {
			return (this.readError != null) ? Mono.error(this.readError) : Mono.just(type.cast(this.answer));
		}

	}

}
