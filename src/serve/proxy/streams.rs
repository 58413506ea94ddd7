//! HTTP/2 streams served inside their connection's task.
//!
//! hyper's HTTP/2 server hands every stream to its executor as a future of its own; given
//! tokio's, each becomes a task. A request then crosses the connection's task, its stream's and
//! the upstream connection's, and the connection and the stream wake each other for every frame:
//! on a runtime of two threads, such a wake often wakes the other thread too (strace on one
//! connection: 3.6 futex calls a request, where HTTP/1.1 makes next to none). [`Streams`] is the
//! executor hyper is given instead: the connection's own task polls the streams beside the
//! connection, as nginx keeps a connection in one event loop, and a wake that comes while it is
//! polling them is only noted, and they are polled again before it returns, rather than the task
//! scheduled anew. A connection's streams share one thread at a time; other connections use the
//! other.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use futures_util::task::AtomicWaker;

/// How often one poll of the task goes round the connection and its streams while they keep
/// waking each other, before it yields to the runtime.
const ROUNDS: usize = 16;

type Stream = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The executor for one HTTP/2 connection's streams; [`Streams::run`] drives them.
#[derive(Clone, Default)]
pub(super) struct Streams(Arc<Mutex<Inbox>>);

/// Streams handed over since the connection's task last looked, and how to wake it.
#[derive(Default)]
struct Inbox {
    new: Vec<Stream>,
    waker: Option<Waker>,
}

impl<F> hyper::rt::Executor<F> for Streams
where
    F: Future<Output = ()> + Send + 'static,
{
    fn execute(&self, stream: F) {
        let mut inbox = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        inbox.new.push(Box::pin(stream));
        // hyper hands streams over while the connection is polled, that is from within `run`;
        // a hand-over from anywhere else still gets them polled.
        if let Some(waker) = inbox.waker.take() {
            waker.wake();
        }
    }
}

impl Streams {
    /// Drives `connection` (which hands its streams to this executor) and every stream, until
    /// the connection has ended and so has each of its streams.
    pub async fn run<C: Future>(self, connection: C) -> C::Output {
        let mut connection = pin!(connection);
        let mut ended = None;
        let mut running = FuturesUnordered::new();
        let task = Arc::new(Task::default());
        // Both start woken: the first poll polls both.
        let (on_connection, on_streams) = (Flag::new(&task), Flag::new(&task));
        let connection_waker = Waker::from(Arc::clone(&on_connection));
        let streams_waker = Waker::from(Arc::clone(&on_streams));
        poll_fn(|cx| {
            task.waker.register(cx.waker());
            task.polling.store(true, Ordering::SeqCst);
            let mut settled = false;
            for _ in 0..ROUNDS {
                if on_connection.take()
                    && ended.is_none()
                    && let Poll::Ready(output) = connection
                        .as_mut()
                        .poll(&mut Context::from_waker(&connection_waker))
                {
                    ended = Some(output);
                }
                let handed_over = {
                    let mut inbox = self.0.lock().unwrap_or_else(PoisonError::into_inner);
                    if !inbox
                        .waker
                        .as_ref()
                        .is_some_and(|w| w.will_wake(&streams_waker))
                    {
                        inbox.waker = Some(streams_waker.clone());
                    }
                    let handed_over = !inbox.new.is_empty();
                    running.extend(inbox.new.drain(..));
                    handed_over
                };
                if on_streams.take() || handed_over {
                    let mut streams = Context::from_waker(&streams_waker);
                    while let Poll::Ready(Some(())) = running.poll_next_unpin(&mut streams) {}
                }
                // What a stream did (a response written, a window used) may have woken the
                // connection, and the connection a stream: poll them again now rather than wake
                // the task, which on tokio's runtime would also wake the other thread to take it.
                if on_connection.is_woken() || on_streams.is_woken() {
                    if tokio::task::coop::has_budget_remaining() {
                        continue;
                    }
                    // tokio's budget for one poll of a task is spent: what is woken would only
                    // be told to wait.
                    break;
                }
                task.polling.store(false, Ordering::SeqCst);
                // A wake between the check and the store did not wake the task.
                if on_connection.is_woken() || on_streams.is_woken() {
                    task.polling.store(true, Ordering::SeqCst);
                    continue;
                }
                settled = true;
                break;
            }
            if !settled {
                // Still woken after every round, or out of budget: let the runtime run other
                // tasks first.
                task.polling.store(false, Ordering::SeqCst);
                cx.waker().wake_by_ref();
            }
            match ended.take() {
                Some(output) if running.is_empty() => Poll::Ready(output),
                kept => {
                    ended = kept;
                    Poll::Pending
                }
            }
        })
        .await
    }
}

/// The task that runs a connection and its streams: how to wake it, and whether it is polling
/// them right now.
#[derive(Default)]
struct Task {
    waker: AtomicWaker,
    polling: AtomicBool,
}

/// The waker of the connection or of its streams: it notes that they are due, and wakes the
/// task unless the task is polling, and so looks at the note before it returns.
struct Flag {
    task: Arc<Task>,
    woken: AtomicBool,
}

impl Flag {
    fn new(task: &Arc<Task>) -> Arc<Self> {
        Arc::new(Self {
            task: Arc::clone(task),
            woken: AtomicBool::new(true),
        })
    }

    fn take(&self) -> bool {
        self.woken.swap(false, Ordering::SeqCst)
    }

    fn is_woken(&self) -> bool {
        self.woken.load(Ordering::SeqCst)
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        if !self.task.polling.load(Ordering::SeqCst) {
            self.task.waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::rt::Executor;
    use std::sync::atomic::AtomicUsize;

    /// Streams handed over while the connection runs are run to their end, woken from another
    /// thread while the task sleeps, and `run` ends only when the connection and every stream
    /// have.
    #[tokio::test(flavor = "current_thread")]
    async fn every_stream_runs_to_its_end_before_the_connection_is_done() {
        let streams = Streams::default();
        let done = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let connection = {
            let (streams, done) = (streams.clone(), Arc::clone(&done));
            async move {
                for _ in 0..3 {
                    let (done, mut released) = (Arc::clone(&done), released.clone());
                    streams.execute(async move {
                        // Each stream waits for something outside it, as one waits for upstream.
                        let _ = released.wait_for(|r| *r).await;
                        done.fetch_add(1, Ordering::SeqCst);
                    });
                    tokio::task::yield_now().await;
                }
                "ended"
            }
        };
        let run = tokio::spawn(streams.run(connection));
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(
            !run.is_finished(),
            "run ended while its streams were waiting"
        );
        assert_eq!(done.load(Ordering::SeqCst), 0);
        let sender = std::thread::spawn(move || release.send(true));
        assert_eq!(run.await.ok(), Some("ended"));
        assert_eq!(done.load(Ordering::SeqCst), 3);
        assert!(matches!(sender.join(), Ok(Ok(()))));
    }

    /// A stream that wakes itself at once, again and again, does not keep the thread from the
    /// runtime's other tasks.
    #[tokio::test(flavor = "current_thread")]
    async fn a_stream_that_keeps_waking_itself_lets_other_tasks_run() {
        let others = Arc::new(AtomicUsize::new(0));
        let ticking = {
            let others = Arc::clone(&others);
            tokio::spawn(async move {
                loop {
                    others.fetch_add(1, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                }
            })
        };
        let streams = Streams::default();
        let seen = Arc::new(AtomicUsize::new(usize::MAX));
        let connection = {
            let (streams, others, seen) = (streams.clone(), Arc::clone(&others), Arc::clone(&seen));
            async move {
                let mut left = 10 * ROUNDS;
                streams.execute(poll_fn(move |cx| {
                    if left == 0 {
                        seen.store(others.load(Ordering::SeqCst), Ordering::SeqCst);
                        return Poll::Ready(());
                    }
                    left -= 1;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }));
            }
        };
        let before = others.load(Ordering::SeqCst);
        streams.run(connection).await;
        ticking.abort();
        // The other task ran while the stream was still waking itself.
        assert!(
            seen.load(Ordering::SeqCst) > before + 1,
            "{seen:?} {before}"
        );
    }
}
