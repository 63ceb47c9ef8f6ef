package com.patientsearch.app.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the way RFC 9112 (section 9.6) asks: the response goes out, the write side is shut, and what
 * the client is still sending is read and dropped until it closes its side too, for at most {@code
 * api.lingering-close}. A plain close with unread bytes makes the kernel answer them with a reset, and a reset can
 * destroy the response before the client reads it: a client still uploading a body past the limit (refused early by
 * {@link RequestSizeFilter}, which closes the connection) then saw "broken pipe" instead of the 413. Zero turns it off.
 */
@Singleton
class LingeringClose implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final Duration linger;

    LingeringClose(@Value("${api.lingering-close:2s}") Duration linger) {
        this.linger = linger;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        if (!linger.isZero() && !linger.isNegative()) {
            event.getBean().register(new PerConnection(null));
        }
        return event.getBean();
    }

    /** Specialised once per connection; the listener itself (channel null) installs nothing. */
    private final class PerConnection implements NettyServerCustomizer {
        private final Channel channel;

        PerConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION && channel instanceof DuplexChannel ? new PerConnection(channel) : this;
        }

        @Override
        public void onInitialPipelineBuilt() {
            if (channel != null) {
                // first in the pipeline: every close passes through it, and nothing above sees the dropped bytes
                channel.pipeline().addFirst("lingering-close", new Handler(linger.toNanos()));
            }
        }
    }

    /** Turns the first close into shut-output-then-drain; the real close comes at the client's end or the deadline. */
    static final class Handler extends ChannelDuplexHandler {
        private final long lingerNanos;
        private boolean lingering;

        Handler(long lingerNanos) {
            this.lingerNanos = lingerNanos;
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            Channel channel = ctx.channel();
            if (lingering) {
                channel.closeFuture().addListener(closed -> promise.trySuccess());
                return;
            }
            if (!(channel instanceof DuplexChannel duplex) || !channel.isActive() || duplex.isOutputShutdown()) {
                ctx.close(promise);
                return;
            }
            lingering = true;
            var deadline = ctx.executor().schedule(() -> ctx.close(), lingerNanos, TimeUnit.NANOSECONDS);
            channel.closeFuture().addListener(closed -> {
                deadline.cancel(false);
                promise.trySuccess();
            });
            duplex.shutdownOutput().addListener(shut -> {
                if (shut.isSuccess()) {
                    channel.config().setAutoRead(true);
                    ctx.read();
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (lingering) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!lingering) {
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!lingering) {
                ctx.fireUserEventTriggered(evt);
            } else if (evt instanceof ChannelInputShutdownEvent) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (lingering) {
                ctx.close(); // the client reset a connection that was closing anyway
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
