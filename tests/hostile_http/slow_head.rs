//! Request heads that never complete (slowloris, or nothing sent) are not
//! held open past the request time.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::harness::Server;

/// How long the server keeps a connection whose request never completes:
/// `None` when it was still open after `patience`.
fn held_for(port: u16, sent: &'static [u8], patience: Duration) -> Option<Duration> {
    use std::io::Read;
    let started = Instant::now();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(sent).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while started.elapsed() < patience {
        match s.read(&mut buf) {
            // Closed, reset, or an answer (a 408, say): the server let go.
            Ok(_) => return Some(started.elapsed()),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

/// A client that opens a connection and never finishes its request head
/// (slowloris), or never sends anything, must not hold the connection past
/// the documented 30 s request time.
#[test]
fn an_incomplete_request_head_is_not_held_open() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("idx"), dir.path(), &[]);
    let port = server.port;
    let patience = dangjian::server::REQUEST_TIMEOUT + Duration::from_secs(8);
    let probes: Vec<_> = [
        &b"GET /api/health HTTP/1.1\r\nHost: t\r\n"[..],
        &b"GET /api/sea"[..],
        &b""[..],
    ]
    .into_iter()
    .map(|sent| std::thread::spawn(move || (sent, held_for(port, sent, patience))))
    .collect();
    let results: Vec<_> = probes.into_iter().map(|p| p.join().unwrap()).collect();
    println!("incomplete request heads: {results:?}");
    for (sent, held) in results {
        assert!(
            held.is_some(),
            "a connection that sent {:?} was still open after {patience:?}",
            String::from_utf8_lossy(sent)
        );
    }
}
