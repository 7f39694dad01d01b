package com.gahorouter.console.system;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Works around a Reactor Netty 1.3.x defect (reactor-netty#4347, #4361, fixed after the
 * newest release served here): when a kept-alive request arrives while the previous one
 * is still terminating, it is queued, and if it then completes synchronously (a cached
 * answer, an early error) nobody asks the channel to read again, so the client's next
 * request on that connection is never answered. Measured here: about 1 in 60 requests
 * after a cached model-group list hung until the client gave up.
 *
 * <p>
 * This handler asks for one more read whenever a response has been written completely.
 * With reads on demand, an extra read only lets the next request in; it cannot deliver
 * anything twice. Remove it once Boot brings a Reactor Netty with the fix.
 */
@Component
class KeepAliveReadResumption implements NettyServerCustomizer {

	private static final String NAME = "gahorouter.resumeReadAfterResponse";

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new ResumeReadAfterResponse());
			}
		});
	}

	/** Requests a read once the last part of a response has been written. */
	private static final class ResumeReadAfterResponse extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof LastHttpContent) {
				Channel channel = ctx.channel();
				promise = promise.unvoid();
				promise.addListener(written -> {
					if (written.isSuccess() && channel.isActive() && !channel.config().isAutoRead()) {
						channel.read();
					}
				});
			}
			super.write(ctx, msg, promise);
		}

	}

}
