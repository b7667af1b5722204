package io.pryv.client.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The Pryv-level observations: one per batch call, per event stream and per
 * step of the auth request (consent flow). Each HTTP exchange below them is also
 * observed by the {@code WebClient} ({@code http.client.requests}), as a child.
 * <p>
 * Key values never hold a token, a URL or a username: low-cardinality keys are
 * bounded enumerations (outcome, known API method names, auth status).
 * All names start with {@code pryv.}, so
 * {@code management.observations.enable.pryv=false} switches them off in a
 * Spring Boot application.
 */
public enum PryvObservationDocumentation implements ObservationDocumentation {

	/** A batch call ({@code POST <endpoint>} with an array of calls), all its chunks included. */
	API_BATCH {
		@Override
		public String getName() {
			return "pryv.api.batch";
		}

		@Override
		public String getContextualName() {
			return "pryv batch";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME, LowCardinalityKeys.METHOD };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.CALLS };
		}
	},

	/** An event stream, from subscription until it completes, fails or is cancelled. */
	EVENTS_STREAM {
		@Override
		public String getName() {
			return "pryv.events.stream";
		}

		@Override
		public String getContextualName() {
			return "pryv events stream";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeys.EVENTS_COUNT };
		}
	},

	/** The start of an auth request ({@code POST <access>}). */
	AUTH_START {
		@Override
		public String getName() {
			return "pryv.auth.start";
		}

		@Override
		public String getContextualName() {
			return "pryv auth start";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME };
		}
	},

	/** One poll of an auth request, with the state it found. */
	AUTH_POLL {
		@Override
		public String getName() {
			return "pryv.auth.poll";
		}

		@Override
		public String getContextualName() {
			return "pryv auth poll";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME, LowCardinalityKeys.AUTH_STATUS };
		}
	},

	/** The opening of a Socket.IO socket, until the platform accepted or refused it. */
	SOCKET_CONNECT {
		@Override
		public String getName() {
			return "pryv.socket.connect";
		}

		@Override
		public String getContextualName() {
			return "pryv socket connect";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME };
		}
	},

	/** One update of a monitor (its initial load included): streams and/or events fetched and delivered. */
	MONITOR_UPDATE {
		@Override
		public String getName() {
			return "pryv.monitor.update";
		}

		@Override
		public String getContextualName() {
			return "pryv monitor update";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeys.OUTCOME, LowCardinalityKeys.MONITOR_UPDATE };
		}
	},

	/**
	 * One retry of an idempotent request (service info, a {@code GET}, an auth
	 * poll, a download), recorded just before it is sent again: as a meter, a
	 * count of retries by HTTP method and reason.
	 */
	HTTP_RETRY {
		@Override
		public String getName() {
			return "pryv.http.retry";
		}

		@Override
		public String getContextualName() {
			return "pryv http retry";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { RetryKeys.HTTP_METHOD, RetryKeys.REASON };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { RetryKeys.ATTEMPT };
		}
	};

	/** Keys of {@link #HTTP_RETRY}: no URL, no token, no username. */
	public enum RetryKeys implements KeyName {

		/** The HTTP method of the retried request ({@code GET}). */
		HTTP_METHOD {
			@Override
			public String asString() {
				return "http.method";
			}
		},

		/**
		 * Why it is retried: {@code connect} (refused, connect timeout), {@code reset}
		 * (closed before any byte of the answer), or {@code http-502}, {@code http-503},
		 * {@code http-504}, {@code http-429}.
		 */
		REASON {
			@Override
			public String asString() {
				return "pryv.retry.reason";
			}
		},

		/** Which retry this is: 1 for the first one. */
		ATTEMPT {
			@Override
			public String asString() {
				return "pryv.retry.attempt";
			}
		}

	}

	/** Bounded keys, usable as metric tags. */
	public enum LowCardinalityKeys implements KeyName {

		/** {@code SUCCESS}, {@code ERROR} or {@code CANCELLED}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * The API method of a batch when all its calls have the same, known method
		 * (e.g. {@code events.create}); {@code mixed} or {@code other} otherwise.
		 */
		METHOD {
			@Override
			public String asString() {
				return "pryv.method";
			}
		},

		/** The state an auth poll found: {@code NEED_SIGNIN}, {@code ACCEPTED}, ... or {@code NONE} on failure. */
		AUTH_STATUS {
			@Override
			public String asString() {
				return "pryv.auth.status";
			}
		},

		/** What a monitor update fetched: {@code initial}, {@code events}, {@code streams} or {@code all}. */
		MONITOR_UPDATE {
			@Override
			public String asString() {
				return "pryv.monitor.update";
			}
		}

	}

	/** Unbounded keys, for traces only. */
	public enum HighCardinalityKeys implements KeyName {

		/** The number of calls of a batch. */
		CALLS {
			@Override
			public String asString() {
				return "pryv.calls";
			}
		},

		/** The number of events a stream delivered. */
		EVENTS_COUNT {
			@Override
			public String asString() {
				return "pryv.events.count";
			}
		}

	}

}
