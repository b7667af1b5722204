package io.pryv.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import io.pryv.client.Access;
import io.pryv.client.AccessInfo;
import io.pryv.client.Attachment;
import io.pryv.client.Event;
import io.pryv.client.EventDeletion;
import io.pryv.client.Permission;
import io.pryv.client.ServiceInfo;
import io.pryv.client.Stream;

/**
 * Native-image hints of the Pryv client: its version resource (read for the
 * {@code User-Agent}), and the models an application may read or write with
 * Jackson (their {@code @JsonCreator} factories and record accessors).
 */
public final class PryvClientRuntimeHints implements RuntimeHintsRegistrar {

	/** The client's version resource, next to its classes. */
	static final String VERSION_RESOURCE = "io/pryv/client/pryv-client.properties";

	/** The models an application reads or writes as JSON. */
	static final Class<?>[] JSON_MODELS = { Event.class, Stream.class, Access.class, Attachment.class,
			EventDeletion.class, Permission.class, AccessInfo.class, ServiceInfo.class };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(VERSION_RESOURCE);
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), JSON_MODELS);
		for (Class<?> model : JSON_MODELS) {
			hints.reflection().registerType(model, MemberCategory.INVOKE_PUBLIC_METHODS,
					MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
	}

}
