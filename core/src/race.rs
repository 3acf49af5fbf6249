//! Race rules as plain futures: a deadline over a call, and "first success wins" over the carriers.
//!
//! Dropping a race drops the futures still running; the platform layer aborts their fetches when its per-call
//! abort guard is dropped, so a late answer is never seen.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A boxed local future (wasm futures are not `Send`).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// `work` raced against `timer`: `Some(output)` when the work finished first, `None` when the timer did.
///
/// The work is polled first, so an answer that is ready together with the deadline still counts.
#[derive(Debug)]
pub struct Deadline<F, D> {
    work: F,
    timer: D,
}

/// Races `work` against `timer`.
pub fn deadline<F: Future + Unpin, D: Future<Output = ()> + Unpin>(
    work: F,
    timer: D,
) -> Deadline<F, D> {
    Deadline { work, timer }
}

impl<F: Future + Unpin, D: Future<Output = ()> + Unpin> Future for Deadline<F, D> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.work).poll(cx) {
            return Poll::Ready(Some(v));
        }
        match Pin::new(&mut self.timer).poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The first `Ok` among several futures, with its index; all the errors, in the original order, when every one
/// failed.
pub struct FirstOk<T, E> {
    running: Vec<Option<LocalFuture<Result<T, E>>>>,
    errors: Vec<Option<E>>,
}

impl<T, E> std::fmt::Debug for FirstOk<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FirstOk")
    }
}

/// Runs `futures` together until one succeeds or all have failed.
#[must_use]
pub fn first_ok<T, E>(futures: Vec<LocalFuture<Result<T, E>>>) -> FirstOk<T, E> {
    let errors = futures.iter().map(|_| None).collect();
    FirstOk {
        running: futures.into_iter().map(Some).collect(),
        errors,
    }
}

impl<T, E> Unpin for FirstOk<T, E> {}

impl<T, E> Future for FirstOk<T, E> {
    type Output = Result<(usize, T), Vec<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        for (i, slot) in this.running.iter_mut().enumerate() {
            let Some(fut) = slot else { continue };
            match fut.as_mut().poll(cx) {
                Poll::Pending => {}
                Poll::Ready(Ok(v)) => return Poll::Ready(Ok((i, v))),
                Poll::Ready(Err(e)) => {
                    *slot = None;
                    if let Some(place) = this.errors.get_mut(i) {
                        *place = Some(e);
                    }
                }
            }
        }
        if this.running.iter().any(Option::is_some) {
            return Poll::Pending;
        }
        Poll::Ready(Err(this
            .errors
            .iter_mut()
            .filter_map(Option::take)
            .collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::task::Waker;

    /// Ready with `v` on its `after`-th poll (counting from 1); counts its polls in `polls`.
    struct After<T> {
        after: u32,
        v: Option<T>,
        polls: Rc<Cell<u32>>,
    }

    impl<T: Unpin> Future for After<T> {
        type Output = T;
        fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<T> {
            self.polls.set(self.polls.get() + 1);
            if self.polls.get() >= self.after {
                if let Some(v) = self.v.take() {
                    return Poll::Ready(v);
                }
            }
            Poll::Pending
        }
    }

    fn after<T: Unpin>(after: u32, v: T) -> After<T> {
        After {
            after,
            v: Some(v),
            polls: Rc::new(Cell::new(0)),
        }
    }

    /// Polls until ready, at most `max` times.
    fn run<F: Future + Unpin>(mut f: F, max: u32) -> Option<F::Output> {
        let mut cx = Context::from_waker(Waker::noop());
        for _ in 0..max {
            if let Poll::Ready(v) = Pin::new(&mut f).poll(&mut cx) {
                return Some(v);
            }
        }
        None
    }

    fn boxed<T: Unpin + 'static>(f: After<T>) -> LocalFuture<T> {
        Box::pin(f)
    }

    #[test]
    fn deadline_passes_work_that_finishes_first() {
        assert_eq!(run(deadline(after(2, 7), after(5, ())), 10), Some(Some(7)));
    }

    #[test]
    fn deadline_times_out() {
        assert_eq!(run(deadline(after(9, 7), after(3, ())), 10), Some(None));
    }

    #[test]
    fn deadline_prefers_work_ready_at_the_same_time() {
        assert_eq!(run(deadline(after(3, 7), after(3, ())), 10), Some(Some(7)));
    }

    #[test]
    fn first_ok_takes_the_first_success_not_the_first_answer() {
        let f = first_ok::<&str, &str>(vec![
            boxed(after(1, Err("cm"))),
            boxed(after(4, Ok("cu"))),
            boxed(after(6, Ok("ct"))),
        ]);
        assert_eq!(run(f, 10), Some(Ok((1, "cu"))));
    }

    #[test]
    fn first_ok_collects_every_error_in_order() {
        let f = first_ok::<(), &str>(vec![
            boxed(after(5, Err("cm"))),
            boxed(after(1, Err("cu"))),
            boxed(after(3, Err("ct"))),
        ]);
        assert_eq!(run(f, 10), Some(Err(vec!["cm", "cu", "ct"])));
    }

    #[test]
    fn first_ok_of_nothing_is_an_empty_failure() {
        assert_eq!(run(first_ok::<(), ()>(vec![]), 1), Some(Err(vec![])));
    }

    #[test]
    fn finished_futures_are_not_polled_again() {
        let done = after(1, Err::<(), &str>("cm"));
        let polls = done.polls.clone();
        let f = first_ok(vec![boxed(done), boxed(after(4, Ok(())))]);
        assert_eq!(run(f, 10), Some(Ok((1, ()))));
        assert_eq!(polls.get(), 1);
    }

    #[test]
    fn a_race_under_a_deadline_times_out_while_a_carrier_is_slow() {
        let race = first_ok::<&str, &str>(vec![
            boxed(after(1, Err("cm"))),
            boxed(after(50, Ok("slow"))),
        ]);
        assert_eq!(run(deadline(race, after(5, ())), 100), Some(None));
    }
}
