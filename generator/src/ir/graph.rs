//! Strongly connected components of the type graph, computed without
//! recursion (Tarjan's algorithm with an explicit stack), so a spec's depth
//! never reaches the call stack.

/// The component index of every node; nodes on a common cycle share one.
/// `edges[n]` lists the successors of node `n`.
pub(crate) fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // (node, position of the next successor to look at)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if index[root] != UNVISITED {
            continue;
        }
        work.push((root, 0));
        while let Some(&mut (node, ref mut position)) = work.last_mut() {
            if *position == 0 && index[node] == UNVISITED {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&successor) = edges[node].get(*position) {
                *position += 1;
                if index[successor] == UNVISITED {
                    work.push((successor, 0));
                } else if on_stack[successor] {
                    low[node] = low[node].min(index[successor]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Whether `to` can reach `from` again, given [`components`]' result: an edge
/// `from → to` lies on a cycle exactly when both are in one component.
pub(crate) fn on_cycle(component: &[usize], from: usize, to: usize) -> bool {
    component[from] == component[to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_chains() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 is not on it; 4 → 4 loops.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert!(on_cycle(&c, 4, 4));
        assert!(!on_cycle(&c, 3, 0));
    }

    #[test]
    fn long_chains_need_no_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
