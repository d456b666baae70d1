//! WebSocket PubSub: subscriptions ([`hub`]) and the endpoint ([`ws`]).

pub mod hub;
pub mod ws;
