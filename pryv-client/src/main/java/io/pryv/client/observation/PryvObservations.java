package io.pryv.client.observation;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.pryv.client.observation.PryvObservationDocumentation.HighCardinalityKeys;
import io.pryv.client.observation.PryvObservationDocumentation.LowCardinalityKeys;

/**
 * Wraps reactive Pryv calls in the observations of
 * {@link PryvObservationDocumentation}. Each observation starts on subscription
 * and stops exactly once: on success, on error or on cancellation. It is put in
 * the Reactor context so that the {@code WebClient}'s HTTP observations become
 * its children.
 */
public final class PryvObservations {

	/** The Reactor context key under which Micrometer looks for the parent observation. */
	static final String PARENT_OBSERVATION_KEY = "micrometer.observation";

	/** The outcome of a call that completed. */
	public static final String SUCCESS = "SUCCESS";

	/** The outcome of a call that failed. */
	public static final String ERROR = "ERROR";

	/** The outcome of a call its subscriber cancelled. */
	public static final String CANCELLED = "CANCELLED";

	/** The method value of a batch whose calls have different methods. */
	public static final String MIXED = "mixed";

	/** The method value of a batch whose single method is not a known Pryv method. */
	public static final String OTHER = "other";

	/** The Pryv API methods reported by name; any other name is reported as {@link #OTHER}. */
	static final Set<String> KNOWN_METHODS = Set.of("events.get", "events.getOne", "events.create", "events.update",
			"events.delete", "events.getAttachment", "events.updateAttachment", "events.deleteAttachment",
			"streams.get", "streams.create", "streams.update", "streams.delete", "accesses.get", "accesses.create",
			"accesses.update", "accesses.delete", "accesses.getInfo", "accesses.checkApp", "account.get",
			"account.update", "account.changePassword", "followedSlices.get", "followedSlices.create",
			"followedSlices.update", "followedSlices.delete", "profile.getPublic", "profile.getApp", "profile.updateApp",
			"profile.get", "profile.update", "webhooks.get", "webhooks.getOne", "webhooks.create", "webhooks.update",
			"webhooks.delete", "webhooks.test", "getAccessInfo", "audit.getLogs", "series.get");

	private PryvObservations() {
	}

	/**
	 * The bounded method value of a batch.
	 * @param methods the distinct methods of its calls
	 * @return the method when there is one known method, else {@link #MIXED} or {@link #OTHER}
	 */
	public static String methodKeyValue(Collection<String> methods) {
		if (methods.size() != 1) {
			return MIXED;
		}
		String method = methods.iterator().next();
		return KNOWN_METHODS.contains(method) ? method : OTHER;
	}

	/**
	 * Observe a batch call.
	 * @param registry the registry ({@link ObservationRegistry#NOOP} to observe nothing)
	 * @param methods the distinct methods of its calls
	 * @param callCount the number of calls
	 * @param call the call
	 * @param <T> its result
	 * @return the observed call
	 */
	public static <T> Mono<T> batch(ObservationRegistry registry, Collection<String> methods, int callCount,
			Mono<T> call) {
		return observe(registry, PryvObservationDocumentation.API_BATCH,
				KeyValues.of(LowCardinalityKeys.METHOD.withValue(methodKeyValue(methods))),
				KeyValues.of(HighCardinalityKeys.CALLS.withValue(String.valueOf(callCount))), null, call);
	}

	/**
	 * Observe a one-shot call (auth start, auth poll, ...).
	 * @param registry the registry
	 * @param documentation which observation
	 * @param low low-cardinality key values known at the start
	 * @param high high-cardinality key values known at the start
	 * @param onSuccess key values to add from the result (may be {@code null})
	 * @param call the call
	 * @param <T> its result
	 * @return the observed call
	 */
	public static <T> Mono<T> observe(ObservationRegistry registry, PryvObservationDocumentation documentation,
			KeyValues low, KeyValues high, @Nullable Function<T, KeyValues> onSuccess, Mono<T> call) {
		if (registry == null || registry.isNoop()) {
			return call;
		}
		return Mono.defer(() -> {
			Observation observation = start(registry, documentation, low, high);
			AtomicBoolean stopped = new AtomicBoolean();
			return call.doOnSuccess((value) -> {
				if (stopped.compareAndSet(false, true)) {
					if (value != null && onSuccess != null) {
						observation.lowCardinalityKeyValues(onSuccess.apply(value));
					}
					observation.lowCardinalityKeyValue(LowCardinalityKeys.OUTCOME.withValue(SUCCESS));
					observation.stop();
				}
			}).doOnError((ex) -> {
				if (stopped.compareAndSet(false, true)) {
					observation.error(ex);
					observation.lowCardinalityKeyValue(LowCardinalityKeys.OUTCOME.withValue(ERROR));
					observation.stop();
				}
			}).doOnCancel(() -> {
				if (stopped.compareAndSet(false, true)) {
					observation.lowCardinalityKeyValue(LowCardinalityKeys.OUTCOME.withValue(CANCELLED));
					observation.stop();
				}
			}).contextWrite((context) -> context.put(PARENT_OBSERVATION_KEY, observation));
		});
	}

	/**
	 * Observe an event stream: the observation runs from subscription until the
	 * stream completes, fails or is cancelled, and reports how many items it delivered.
	 * @param registry the registry
	 * @param stream the stream
	 * @param <T> its items
	 * @return the observed stream
	 */
	public static <T> Flux<T> eventsStream(ObservationRegistry registry, Flux<T> stream) {
		return eventsStream(registry, stream, (item) -> 1);
	}

	/**
	 * Observe an event stream whose items each carry some events (parsed chunks).
	 * @param registry the registry
	 * @param stream the stream
	 * @param eventsIn how many events an item carries
	 * @param <T> its items
	 * @return the observed stream
	 */
	public static <T> Flux<T> eventsStream(ObservationRegistry registry, Flux<T> stream, ToLongFunction<T> eventsIn) {
		if (registry == null || registry.isNoop()) {
			return stream;
		}
		return Flux.defer(() -> {
			Observation observation = start(registry, PryvObservationDocumentation.EVENTS_STREAM, KeyValues.empty(),
					KeyValues.empty());
			AtomicLong count = new AtomicLong();
			AtomicBoolean stopped = new AtomicBoolean();
			return stream.doOnNext((item) -> count.addAndGet(eventsIn.applyAsLong(item)))
				.doOnComplete(() -> stopStream(observation, stopped, SUCCESS, null, count))
				.doOnError((ex) -> stopStream(observation, stopped, ERROR, ex, count))
				.doOnCancel(() -> stopStream(observation, stopped, CANCELLED, null, count))
				.contextWrite((context) -> context.put(PARENT_OBSERVATION_KEY, observation));
		});
	}

	/**
	 * Observe an event stream delivered to callbacks: the observation runs until
	 * the returned {@code Mono} completes, fails or is cancelled.
	 * @param registry the registry
	 * @param call makes the call, given the counter to increment for each event delivered
	 * @param <T> the call's result (a summary)
	 * @return the observed call
	 */
	public static <T> Mono<T> eventsStream(ObservationRegistry registry, Function<AtomicLong, Mono<T>> call) {
		if (registry == null || registry.isNoop()) {
			return Mono.defer(() -> call.apply(new AtomicLong()));
		}
		return Mono.defer(() -> {
			Observation observation = start(registry, PryvObservationDocumentation.EVENTS_STREAM, KeyValues.empty(),
					KeyValues.empty());
			AtomicLong count = new AtomicLong();
			AtomicBoolean stopped = new AtomicBoolean();
			return call.apply(count)
				.doOnSuccess((result) -> stopStream(observation, stopped, SUCCESS, null, count))
				.doOnError((ex) -> stopStream(observation, stopped, ERROR, ex, count))
				.doOnCancel(() -> stopStream(observation, stopped, CANCELLED, null, count))
				.contextWrite((context) -> context.put(PARENT_OBSERVATION_KEY, observation));
		});
	}

	/** Stop a stream's observation once, before the terminal signal reaches the subscriber. */
	private static void stopStream(Observation observation, AtomicBoolean stopped, String outcome, Throwable error,
			AtomicLong count) {
		if (!stopped.compareAndSet(false, true)) {
			return;
		}
		if (error != null) {
			observation.error(error);
		}
		observation.lowCardinalityKeyValue(LowCardinalityKeys.OUTCOME.withValue(outcome));
		observation.highCardinalityKeyValue(HighCardinalityKeys.EVENTS_COUNT.withValue(String.valueOf(count.get())));
		observation.stop();
	}

	private static Observation start(ObservationRegistry registry, PryvObservationDocumentation documentation,
			KeyValues low, KeyValues high) {
		return Observation.createNotStarted(documentation.getName(), registry)
			.contextualName(documentation.getContextualName())
			.lowCardinalityKeyValues(low)
			.highCardinalityKeyValues(high)
			.start();
	}

}
