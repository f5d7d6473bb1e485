"""Goal fulfilment: indicator colours, goal colours and the total assessment per period."""
