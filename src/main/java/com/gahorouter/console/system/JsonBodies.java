package com.gahorouter.console.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import reactor.core.publisher.Mono;

/**
 * Reads a small JSON request body as {@code bodyToMono} does, with the server's own JSON
 * decoder settings (its media types, its {@code max-in-memory-size}, the application's
 * {@link JsonMapper}) and the same errors (415 for another media type, 413 past the
 * limit, {@code MALFORMED_REQUEST} for unreadable JSON, empty for no body or
 * {@code null}), but in two steps: join the bytes, parse them with a reader made once per
 * type. The codec's path (reader lookup, per-request object reader, its reactive decoding
 * chain) was a tenth of the key check's CPU (profiled with JFR); the routes the gateway
 * calls for every request of its own use this.
 */
@Component
public class JsonBodies {

	private final JsonMapper json;

	private final List<MimeType> mediaTypes;

	private final int maxBytes;

	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	public JsonBodies(ServerCodecConfigurer codecs, JsonMapper json) {
		JacksonJsonDecoder decoder = codecs.getReaders()
			.stream()
			.filter(DecoderHttpMessageReader.class::isInstance)
			.map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
			.filter(JacksonJsonDecoder.class::isInstance)
			.map(JacksonJsonDecoder.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The server has no Jackson JSON decoder"));
		this.json = json;
		this.mediaTypes = decoder.getDecodableMimeTypes();
		this.maxBytes = decoder.getMaxInMemorySize();
	}

	/**
	 * Writes a large answer with the application's {@link JsonMapper} (as the encoder
	 * behind {@code bodyValue} would: same bytes) straight into one of the response's
	 * buffers, allocated at {@code sizeHint} bytes and grown if needed. The encoder first
	 * serialises into a byte array and then copies that into a buffer: for an answer of
	 * megabytes (a region pre-check listing 80,000 keys) two copies and as much garbage
	 * (profiled with JFR).
	 */
	public <T> BodyInserter<T, ReactiveHttpOutputMessage> large(T value, int sizeHint) {
		return (message, context) -> message.writeWith(Mono.fromSupplier(() -> {
			DataBuffer buffer = message.bufferFactory().allocateBuffer(sizeHint);
			try (OutputStream out = buffer.asOutputStream()) {
				json.writeValue(out, value);
				return buffer;
			}
			catch (IOException | RuntimeException e) {
				DataBufferUtils.release(buffer);
				throw new IllegalStateException("The JSON answer could not be written", e);
			}
		}));
	}

	/** The body as a {@code type}; empty when there is none. */
	public <T> Mono<T> read(ServerRequest request, Class<T> type) {
		MediaType contentType = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
		if (mediaTypes.stream().noneMatch(supported -> supported.isCompatibleWith(contentType))) {
			return Mono
				.error(new UnsupportedMediaTypeStatusException(contentType, List.of(MediaType.APPLICATION_JSON)));
		}
		ObjectReader reader = readers.computeIfAbsent(type, json::readerFor);
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes).handle((body, sink) -> {
			try (InputStream in = body.asInputStream(true)) {
				T value = reader.readValue(in);
				if (value != null) {
					sink.next(value);
				}
			}
			catch (JacksonException | IOException e) {
				sink.error(new ServerWebInputException("The JSON body could not be read", null, e));
			}
		});
	}

}
