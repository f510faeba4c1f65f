# A small library app in Odoo 17's addon layout: the emulator's sample addon (test/addons_path).
# It is a real Odoo addon too: the reference figures in odoo17_library_fields_get.json come from
# installing it into Odoo 17.
{
    'name': 'Library',
    'version': '1.2',
    'summary': 'Books, loans and readers',
    'description': """
Lend books to readers: a catalogue of books with authors and tags,
loans with their borrower and dates, and library cards on contacts.
""",
    'category': 'Services/Library',
    'author': 'odoo-emulator',
    'website': 'https://example.com/library',
    'depends': ['base', 'mail'],
    'data': [
        'security/library_security.xml',
        'security/ir.model.access.csv',
        'data/library_data.xml',
        'views/library_book_views.xml',
        'views/library_menus.xml',
    ],
    'demo': [
        'demo/library_demo.xml',
    ],
    'application': True,
    'license': 'LGPL-3',
}
