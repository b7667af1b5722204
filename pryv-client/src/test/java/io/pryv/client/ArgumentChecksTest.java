package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public method and constructor of the services, connections and auth
 * flows, blocking and reactive, called with {@code null} (and, for text, blank)
 * in each required argument: each fails with a {@link PryvClientException}
 * naming the argument, before any request (not even the service info), never
 * with a {@code NullPointerException}. Generated over the methods by
 * reflection, so that a new method is covered the day it is added.
 */
@WireMockTest
class ArgumentChecksTest {

	/** Arguments that may be {@code null}, as documented: {@code method.argument}. */
	private static final Set<String> OPTIONAL = Set.of("apiEndpointFor.token", "login.origin", "api.progress",
			"apiOne.params", "apiOne.expectedKey", "get.query", "post.body", "streams.query", "streamEvents.onDeletion",
			"hfSeries.fromDeltaTime", "hfSeries.toDeltaTime", "start.request", "start.overrides", "<init>.defaults", "<init>.clock");

	/** Text arguments that may be blank: {@code post("", body)} posts to the endpoint itself. */
	private static final Set<String> BLANK_ALLOWED = Set.of("post.path");

	private String base;

	private PryvService service;

	private PryvConnection connection;

	private PryvAuthFlow flow;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		this.connection = new PryvConnectionFactory(this.service)
			.connect(ApiEndpoint.of(this.base + "/alice/", "tok"));
		this.flow = new PryvAuthFlow(this.service, AuthRequest.of("app", List.of()));
	}

	@Test
	void everyPublicMethodChecksItsArgumentsBeforeAnyCall() {
		List<String> failures = new ArrayList<>();
		List<Object> targets = List.of(this.service, this.service.reactive(), this.connection,
				this.connection.reactive(), this.flow, this.flow.reactive());
		int checked = 0;
		for (Object target : targets) {
			List<Executable> executables = new ArrayList<>();
			Arrays.stream(target.getClass().getMethods())
				.filter((method) -> method.getDeclaringClass() == target.getClass()
						&& !Modifier.isStatic(method.getModifiers()))
				.forEach(executables::add);
			executables.addAll(Arrays.asList(target.getClass().getConstructors()));
			for (Executable executable : executables) {
				for (int i = 0; i < executable.getParameterCount(); i++) {
					Parameter parameter = executable.getParameters()[i];
					String key = name(executable) + "." + parameter.getName();
					if (parameter.getType().isPrimitive() || OPTIONAL.contains(key)) {
						continue;
					}
					List<Object> badValues = new ArrayList<>();
					badValues.add(null);
					if (parameter.getType() == String.class && !BLANK_ALLOWED.contains(key)) {
						badValues.add(" ");
					}
					for (Object bad : badValues) {
						Object[] args = validArguments(executable);
						args[i] = bad;
						String call = target.getClass().getSimpleName() + "." + name(executable) + " with "
								+ parameter.getName() + " = " + ((bad == null) ? "null" : "'" + bad + "'");
						WireMock.resetAllRequests();
						Throwable thrown = invoke(target, executable, args);
						checked++;
						if (!(thrown instanceof PryvClientException ex)) {
							failures.add(call + ": threw " + thrown);
						}
						else if (!parameter.getName().equals(ex.getArgument())
								|| !ex.getMessage().contains("'" + parameter.getName() + "'")) {
							failures.add(call + ": the exception names '" + ex.getArgument() + "': " + ex.getMessage());
						}
						if (!WireMock.findAll(anyRequestedFor(anyUrl())).isEmpty()) {
							failures.add(call + ": sent " + WireMock.findAll(anyRequestedFor(anyUrl())).get(0).getUrl());
						}
					}
				}
			}
		}
		assertThat(failures).isEmpty();
		assertThat(checked).as("calls checked").isGreaterThan(100);
	}

	@Test
	void requiredFieldsOfARequestAreNamedBeforeAnyCall() {
		Map<String, Object> onlyUsername = Map.of("username", "alice");
		PryvClientException ex = (PryvClientException) invoke(this.service,
				method(PryvService.class, "createUser"), new Object[] { onlyUsername });
		assertThat(ex.getArgument()).isEqualTo("fields.password");
		assertThat(ex.getMessage()).contains("createUser").contains("'fields.password'");
		ex = (PryvClientException) invoke(this.service, method(PryvService.class, "startAuthRequest"),
				new Object[] { Map.of() });
		assertThat(ex.getArgument()).isEqualTo("body.requestingAppId");
		ex = (PryvClientException) invoke(this.service, method(PryvService.class, "startAuthRequest"),
				new Object[] { Map.of("requestingAppId", "app") });
		assertThat(ex.getArgument()).isEqualTo("body.requestedPermissions");
		ex = (PryvClientException) invoke(this.service, method(PryvService.class, "mfaChallenge"),
				new Object[] { "alice", null });
		assertThat(ex.getArgument()).isEqualTo("mfaToken");
		assertThat(WireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	private static Method method(Class<?> type, String name) {
		return Arrays.stream(type.getMethods()).filter((method) -> method.getName().equals(name)).findFirst().orElseThrow();
	}

	private static String name(Executable executable) {
		return (executable instanceof Constructor) ? "<init>" : executable.getName();
	}

	/** Call, and wait for a returned {@code Mono} or {@code Flux}: @return what it threw or signalled, or null */
	private static Throwable invoke(Object target, Executable executable, Object[] args) {
		try {
			Object result = (executable instanceof Method method) ? method.invoke(target, args)
					: ((Constructor<?>) executable).newInstance(args);
			if (result instanceof Mono<?> mono) {
				mono.block(Duration.ofSeconds(10));
			}
			else if (result instanceof Flux<?> flux) {
				flux.blockLast(Duration.ofSeconds(10));
			}
			return null;
		}
		catch (InvocationTargetException ex) {
			return ex.getCause();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	/** Arguments a call accepts, by the parameters' types and names. */
	private Object[] validArguments(Executable executable) {
		Parameter[] parameters = executable.getParameters();
		Object[] args = new Object[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			boolean optional = OPTIONAL.contains(name(executable) + "." + parameters[i].getName());
			args[i] = (optional && !parameters[i].getType().isPrimitive()) ? null
					: valid(parameters[i].getType(), parameters[i].getName());
		}
		return args;
	}

	private Object valid(Class<?> type, String name) {
		if (type == boolean.class) {
			return false;
		}
		if (type == String.class) {
			return switch (name) {
				case "method" -> "events.get";
				case "path" -> "events";
				default -> "x" + name;
			};
		}
		if (type == EventsQuery.class) {
			return EventsQuery.all();
		}
		if (type == Consumer.class) {
			return (Consumer<Object>) (item) -> {
			};
		}
		if (type == java.io.OutputStream.class) {
			return new ByteArrayOutputStream();
		}
		if (type == io.pryv.client.socket.PryvSocketOptions.class) {
			return io.pryv.client.socket.PryvSocketOptions.defaults();
		}
		if (type == Duration.class) {
			return Duration.ofSeconds(1);
		}
		if (type == PendingAuth.class) {
			return new PendingAuth("key1", null, this.base + "/reg/access/key1", 1000, Instant.now().plusSeconds(60));
		}
		if (type == AuthRequest.class) {
			return AuthRequest.of("app", List.of());
		}
		if (type == PryvService.class) {
			return this.service;
		}
		if (type == ReactivePryvService.class) {
			return this.service.reactive();
		}
		if (type == ReactivePryvConnection.class) {
			return this.connection.reactive();
		}
		if (type == EventJson.Handler.class) {
			return (EventJson.Handler) (event) -> {
			};
		}
		if (type == ReactivePryvAuthFlow.class) {
			return this.flow.reactive();
		}
		if (type == List.class) {
			return switch (name) {
				case "calls" -> List.of(ApiCall.of("events.get", Map.of()));
				case "files" -> List.of(AttachmentSource.of(new byte[] { 1 }, "a.bin"));
				case "fields" -> List.of("deltaTime", "value");
				case "points" -> List.of(List.of(0, 1));
				default -> throw new IllegalStateException("No valid list for " + name);
			};
		}
		if (type == Map.class) {
			if (name.equals("fields")) {
				Map<String, Object> fields = new LinkedHashMap<>();
				fields.put("username", "alice");
				fields.put("password", "pw");
				fields.put("email", "alice@example.com");
				fields.put("hosting", "default");
				fields.put("appId", "app");
				return fields;
			}
			return Map.of("pryvKey", "key1");
		}
		if (type == Object.class) {
			return name.equals("body") ? Map.of("requestingAppId", "app", "requestedPermissions", List.of())
					: Map.of("streamIds", List.of("s"), "type", "note/txt");
		}
		throw new IllegalStateException("No valid value of " + type + " for " + name);
	}

}
